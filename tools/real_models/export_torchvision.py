#!/usr/bin/python3
"""Exports torchvision classifiers to ONNX (opset 17) for mint8's model-breadth checks.

Not run by CI. Needs Debian's python3-torchvision (0.14) and python3-onnx:
    apt-get install -y python3-torchvision python3-onnx
    /usr/bin/python3 tools/real_models/export_torchvision.py OUT_DIR [NAME...]

Weights are random (no downloads; matrices initialized to zero get small
random values, so that no output is trivially constant); each model runs a few random batches in
training mode first so that its BatchNorm statistics are those of real
activations rather than 0/1, then is exported in eval mode with constant
folding, batch 1, 224x224 (Inception-v3: 299x299).
"""
import sys

import torch
import torchvision

DEFAULT = [
    "alexnet", "convnext_tiny", "densenet121", "efficientnet_b0", "efficientnet_v2_s", "inception_v3",
    "mnasnet1_0", "mobilenet_v3_large", "mobilenet_v3_small", "regnet_x_400mf", "regnet_y_400mf",
    "resnext50_32x4d", "shufflenet_v2_x1_0", "squeezenet1_1", "swin_t", "vit_b_16", "wide_resnet50_2",
]


def export(name, out_dir):
    torch.manual_seed(0)
    kwargs = {"aux_logits": False, "init_weights": True} if name == "inception_v3" else {}
    model = getattr(torchvision.models, name)(weights=None, **kwargs)
    # Zero-initialized matrices (ViT's head) would make every logit 0 and any
    # output comparison vacuous.
    with torch.no_grad():
        for parameter in model.parameters():
            if parameter.dim() > 1 and not parameter.any():
                torch.nn.init.normal_(parameter, std=0.02)
    side = 299 if name == "inception_v3" else 224
    model.train()
    with torch.no_grad():
        for _ in range(4):
            model(torch.randn(8, 3, side, side))
    model.eval()
    path = f"{out_dir}/{name}.onnx"
    torch.onnx.export(model, torch.randn(1, 3, side, side), path, opset_version=17, input_names=["input"],
                      output_names=["logits"], do_constant_folding=True)
    print(f"wrote {path} (1x3x{side}x{side})")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for name in sys.argv[2:] or DEFAULT:
        export(name, sys.argv[1])


if __name__ == "__main__":
    main()
