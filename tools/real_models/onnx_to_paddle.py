#!/usr/bin/env python3
"""Writes a plain ONNX CNN as a PaddlePaddle inference program (not run by CI).

No Paddle ImageNet classifier is available offline, so this builds one from an
ONNX file to check mint8's Paddle importer on a real network: the program
uses Paddle's own op forms (conv2d without bias + elementwise_add axis=1,
pool2d, mul, ...), and mint8 must give the same outputs and top-1 from both.

    /usr/bin/python3 tools/real_models/onnx_to_paddle.py squeezenet1.1.onnx OUT_DIR
    # writes OUT_DIR/inference.pdmodel and OUT_DIR/inference.pdiparams

Supports Conv, Relu, Clip (as relu6), MaxPool, AveragePool, GlobalAveragePool,
Concat, Flatten, Gemm, Add, BatchNormalization, Softmax. Needs python3-onnx and
protoc (the program's classes are generated from ir/paddle/framework.proto).
"""
import os
import struct
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
PROTO_DIR = os.path.join(HERE, '..', '..', 'ir', 'paddle')


def framework_module():
    out = tempfile.mkdtemp()
    subprocess.check_call(['protoc', '-I' + PROTO_DIR, '--python_out=' + out,
                           os.path.join(PROTO_DIR, 'framework.proto')])
    sys.path.insert(0, out)
    import framework_pb2
    return framework_pb2


class Writer:
    def __init__(self, fw):
        self.fw = fw
        self.program = fw.ProgramDesc()
        self.block = self.program.blocks.add(idx=0, parent_idx=-1)
        self.params = {}
        for name, kind in (('feed', fw.VarType.FEED_MINIBATCH), ('fetch', fw.VarType.FETCH_LIST)):
            v = self.block.vars.add(name=name, persistable=True)
            v.type.type = kind

    def var(self, name, dims, persistable=False):
        v = self.block.vars.add(name=name, persistable=persistable)
        v.type.type = self.fw.VarType.LOD_TENSOR
        v.type.lod_tensor.tensor.data_type = self.fw.VarType.FP32
        v.type.lod_tensor.tensor.dims.extend(dims)

    def param(self, name, array):
        array = np.ascontiguousarray(array, dtype=np.float32)
        self.var(name, list(array.shape), persistable=True)
        self.params[name] = array

    def op(self, kind, inputs, outputs, **attrs):
        o = self.block.ops.add(type=kind)
        for k, v in inputs.items():
            o.inputs.add(parameter=k, arguments=v)
        for k, v in outputs.items():
            o.outputs.add(parameter=k, arguments=v)
        fw = self.fw
        for k, v in attrs.items():
            a = o.attrs.add(name=k)
            if isinstance(v, bool):
                a.type, a.b = fw.BOOLEAN, v
            elif isinstance(v, int):
                a.type, a.i = fw.INT, v
            elif isinstance(v, float):
                a.type, a.f = fw.FLOAT, v
            elif isinstance(v, str):
                a.type, a.s = fw.STRING, v
            else:
                a.type = fw.INTS
                a.ints.extend(int(x) for x in v)

    def record(self, name):
        a = self.params[name]
        desc = self.fw.VarType.TensorDesc(data_type=self.fw.VarType.FP32, dims=list(a.shape)).SerializeToString()
        return struct.pack('<IQIi', 0, 0, 0, len(desc)) + desc + a.tobytes()

    def save(self, out_dir):
        os.makedirs(out_dir, exist_ok=True)
        with open(os.path.join(out_dir, 'inference.pdmodel'), 'wb') as f:
            f.write(self.program.SerializeToString())
        with open(os.path.join(out_dir, 'inference.pdiparams'), 'wb') as f:
            for name in sorted(self.params):
                f.write(self.record(name))


def attr(node, name, default):
    for a in node.attribute:
        if a.name == name:
            return onnx.helper.get_attribute_value(a)
    return default


def paddings(pads):
    # ONNX [top, left, bottom, right] -> Paddle [top, bottom, left, right].
    return [pads[0], pads[2], pads[1], pads[3]]


def convert(model, w):
    model = onnx.shape_inference.infer_shapes(model)
    g = model.graph
    inits = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    # Paddle declares every variable; translators read the ranks.
    for info in list(g.value_info) + list(g.output):
        w.var(info.name, [d.dim_value if d.dim_value > 0 else -1 for d in info.type.tensor_type.shape.dim])
    x = g.input[0]
    dims = [d.dim_value if d.dim_value > 0 else -1 for d in x.type.tensor_type.shape.dim]
    w.var(x.name, dims)
    w.op('feed', {'X': ['feed']}, {'Out': [x.name]}, col=0)
    for n in g.node:
        t, ins, out = n.op_type, list(n.input), n.output[0]
        if t == 'Conv':
            w.param(ins[1], inits[ins[1]])
            conv_out = out + '.conv' if len(ins) > 2 else out
            if len(ins) > 2:
                w.var(conv_out, [-1, inits[ins[1]].shape[0], -1, -1])
            w.op('conv2d', {'Input': [ins[0]], 'Filter': [ins[1]]}, {'Output': [conv_out]},
                 strides=attr(n, 'strides', [1, 1]), paddings=paddings(attr(n, 'pads', [0, 0, 0, 0])),
                 dilations=attr(n, 'dilations', [1, 1]), groups=attr(n, 'group', 1),
                 padding_algorithm='EXPLICIT', data_format='NCHW')
            if len(ins) > 2:
                w.param(ins[2], inits[ins[2]])
                w.op('elementwise_add', {'X': [conv_out], 'Y': [ins[2]]}, {'Out': [out]}, axis=1)
        elif t == 'Relu':
            w.op('relu', {'X': ins}, {'Out': [out]})
        elif t == 'Clip':
            w.op('relu6', {'X': ins[:1]}, {'Out': [out]}, threshold=6.0)
        elif t in ('MaxPool', 'AveragePool'):
            w.op('pool2d', {'X': ins}, {'Out': [out]}, pooling_type='max' if t == 'MaxPool' else 'avg',
                 ksize=attr(n, 'kernel_shape', None), strides=attr(n, 'strides', [1, 1]),
                 paddings=paddings(attr(n, 'pads', [0, 0, 0, 0])), ceil_mode=bool(attr(n, 'ceil_mode', 0)),
                 exclusive=not attr(n, 'count_include_pad', 0), global_pooling=False, adaptive=False)
        elif t == 'GlobalAveragePool':
            w.op('pool2d', {'X': ins}, {'Out': [out]}, pooling_type='avg', ksize=[1, 1], global_pooling=True)
        elif t == 'Concat':
            w.op('concat', {'X': ins}, {'Out': [out]}, axis=attr(n, 'axis', 1))
        elif t == 'Flatten':
            w.op('flatten_contiguous_range', {'X': ins}, {'Out': [out], 'XShape': [out + '.xshape']},
                 start_axis=attr(n, 'axis', 1), stop_axis=-1)
        elif t == 'Gemm':
            weight = inits[ins[1]]
            w.param(ins[1], weight.T if attr(n, 'transB', 0) else weight)
            w.var(out + '.mul', [-1, weight.shape[0] if attr(n, 'transB', 0) else weight.shape[1]])
            w.op('mul', {'X': [ins[0]], 'Y': [ins[1]]}, {'Out': [out + '.mul']}, x_num_col_dims=1, y_num_col_dims=1)
            w.param(ins[2], inits[ins[2]])
            w.op('elementwise_add', {'X': [out + '.mul'], 'Y': [ins[2]]}, {'Out': [out]}, axis=1)
        elif t == 'Add':
            w.op('elementwise_add', {'X': [ins[0]], 'Y': [ins[1]]}, {'Out': [out]}, axis=-1)
        elif t == 'BatchNormalization':
            for name in ins[1:]:
                w.param(name, inits[name])
            w.op('batch_norm', {'X': [ins[0]], 'Scale': [ins[1]], 'Bias': [ins[2]], 'Mean': [ins[3]],
                                'Variance': [ins[4]]}, {'Y': [out]}, epsilon=float(attr(n, 'epsilon', 1e-5)))
        elif t == 'Softmax':
            w.op('softmax', {'X': ins}, {'Out': [out]}, axis=attr(n, 'axis', -1))
        else:
            sys.exit('onnx_to_paddle: %s is not supported' % t)
    for i, o in enumerate(g.output):
        w.op('fetch', {'X': [o.name]}, {'Out': ['fetch']}, col=i)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    w = Writer(framework_module())
    convert(onnx.load(sys.argv[1]), w)
    w.save(sys.argv[2])
    print('wrote %s/inference.pdmodel (%d ops) and inference.pdiparams (%d parameters)' %
          (sys.argv[2], len(w.block.ops), len(w.params)))


if __name__ == '__main__':
    main()
