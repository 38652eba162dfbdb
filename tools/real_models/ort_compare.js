#!/usr/bin/env node
// Compares mint8 with ONNX Runtime on the same inputs (not run by CI; needs
// onnxruntime-node, e.g. from ../shared/peers: NODE_PATH=/tmp/peers/node_modules).
//
//   node ort_compare.js inputs IMAGES.npy N H W
//       Writes N deterministic 3xHxW float32 inputs (values in [-2, 2]) as a
//       NumPy file, which `evaluate --dataset=IMAGES.npy` reads.
//   node ort_compare.js compare MODEL.onnx IMAGES.npy MINT8_OUTPUTS.npy
//       Runs ONNX Runtime (1 thread) on every image and compares its first
//       output with mint8's rows (`evaluate --dump_outputs=PREFIX` wrote
//       PREFIX.fp32.npy): prints max |difference| / max(max |ONNX Runtime|,
//       0.01) per image and overall (the floor keeps near-empty probability
//       maps from dividing by ~0); exits 1 above 1e-4.
//   node ort_compare.js top1 MODEL.onnx IMAGES.npy MINT8_OUTPUTS.npy
//       The same runs, for an INT8 export against mint8's own INT8 outputs:
//       prints how often the top-1 classes agree (and how many distinct
//       classes ONNX Runtime picked, so a constant answer shows).
'use strict';
const fs = require('fs');

function writeNpy(path, shape, data) {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}), }`;
  while ((10 + header.length + 1) % 64 !== 0) header += ' ';
  header += '\n';
  const prefix = Buffer.alloc(10);
  prefix.write('\x93NUMPY', 0, 'latin1');
  prefix[6] = 1;
  prefix[7] = 0;
  prefix.writeUInt16LE(header.length, 8);
  fs.writeFileSync(path, Buffer.concat([prefix, Buffer.from(header, 'latin1'),
                                        Buffer.from(data.buffer, data.byteOffset, data.byteLength)]));
}

function readNpy(path) {
  const b = fs.readFileSync(path);
  if (b.toString('latin1', 0, 6) !== '\x93NUMPY') throw new Error(`${path} is not a .npy file`);
  const headerLength = b[6] >= 2 ? b.readUInt32LE(8) : b.readUInt16LE(8);
  const start = (b[6] >= 2 ? 12 : 10) + headerLength;
  const header = b.toString('latin1', start - headerLength, start);
  if (!header.includes("'<f4'")) throw new Error(`${path}: not float32`);
  const shape = header.match(/'shape': \(([^)]*)\)/)[1].split(',').map(s => s.trim()).filter(s => s).map(Number);
  const copy = b.subarray(start);
  const data = new Float32Array(copy.buffer.slice(copy.byteOffset, copy.byteOffset + copy.byteLength));
  return {shape, data};
}

function inputs(path, n, h, w) {
  const per = 3 * h * w;
  const data = new Float32Array(n * per);
  for (let i = 0; i < data.length; i++) data[i] = 2 * Math.sin(0.0137 * i + 0.71 * Math.floor(i / per));
  writeNpy(path, [n, 3, h, w], data);
  console.log(`wrote ${path}: ${n} x 3 x ${h} x ${w}`);
}

function argmax(values, from, length) {
  let best = 0;
  for (let k = 1; k < length; k++) if (values[from + k] > values[from + best]) best = k;
  return best;
}

// Runs ONNX Runtime (1 thread) on every image next to mint8's output rows;
// calls visit(i, ort_output, mint8_rows, row_length) per image.
async function eachImage(modelPath, imagesPath, mint8Path, visit) {
  const ort = require('onnxruntime-node');
  const images = readNpy(imagesPath), mint8 = readNpy(mint8Path);
  const [n, c, h, w] = images.shape;
  const per = c * h * w, rowLength = mint8.shape[1];
  if (mint8.shape[0] !== n) throw new Error(`${mint8Path} has ${mint8.shape[0]} rows, ${imagesPath} ${n} images`);
  const session = await ort.InferenceSession.create(modelPath, {intraOpNumThreads: 1, interOpNumThreads: 1});
  for (let i = 0; i < n; i++) {
    const x = new ort.Tensor('float32', images.data.slice(i * per, (i + 1) * per), [1, c, h, w]);
    const y = (await session.run({[session.inputNames[0]]: x}))[session.outputNames[0]].data;
    if (y.length !== rowLength) throw new Error(`ONNX Runtime gives ${y.length} values, mint8 ${rowLength}`);
    visit(i, y, mint8.data, rowLength);
  }
  return n;
}

async function top1(modelPath, imagesPath, mint8Path) {
  let agree = 0;
  const classes = new Set();
  const n = await eachImage(modelPath, imagesPath, mint8Path, (i, y, rows, length) => {
    const theirs = argmax(y, 0, y.length);
    classes.add(theirs);
    agree += argmax(rows, i * length, length) === theirs;
  });
  console.log(`${modelPath}: top-1 agrees with mint8 on ${agree}/${n} images (${(100 * agree / n).toFixed(1)}%); ` +
              `ONNX Runtime picked ${classes.size} distinct classes`);
}

async function compare(modelPath, imagesPath, mint8Path) {
  let worst = 0;
  const n = await eachImage(modelPath, imagesPath, mint8Path, (i, y, rows, length) => {
    let diff = 0, scale = 0;
    for (let k = 0; k < y.length; k++) {
      diff = Math.max(diff, Math.abs(y[k] - rows[i * length + k]));
      scale = Math.max(scale, Math.abs(y[k]));
    }
    const relative = diff / Math.max(scale, 0.01);
    worst = Math.max(worst, relative);
    console.log(`image ${i}: max |mint8 - ORT| ${diff.toExponential(3)}, relative ${relative.toExponential(3)}`);
  });
  console.log(`${modelPath}: worst relative difference ${worst.toExponential(3)} over ${n} images ` +
              `(ONNX Runtime ${require('onnxruntime-node/package.json').version})`);
  process.exitCode = worst <= 1e-4 ? 0 : 1;
}

const [command, ...args] = process.argv.slice(2);
if (command === 'inputs' && args.length === 4) {
  inputs(args[0], Number(args[1]), Number(args[2]), Number(args[3]));
} else if (command === 'compare' && args.length === 3) {
  compare(...args).catch(e => { console.error(e.message); process.exitCode = 2; });
} else if (command === 'top1' && args.length === 3) {
  top1(...args).catch(e => { console.error(e.message); process.exitCode = 2; });
} else {
  console.error('usage: ort_compare.js inputs IMAGES.npy N H W | compare|top1 MODEL.onnx IMAGES.npy MINT8_OUTPUTS.npy');
  process.exitCode = 2;
}
