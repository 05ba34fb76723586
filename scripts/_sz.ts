import { onnx } from 'onnx-proto';
import { readFileSync } from 'node:fs';
const m = onnx.ModelProto.decode(readFileSync('/work/main/samples/sd15/unet/model.onnx'));
const g = m.graph!;
let names = 0, outs = 0, ins = 0, attrs = 0, constBytes = 0;
for (const n of g.node!) {
  names += n.name!.length; outs += n.output!.reduce((a, o) => a + o.length, 0); ins += n.input!.reduce((a, o) => a + o.length, 0);
  const sz = onnx.NodeProto.encode(n).finish().length;
  if (n.opType === 'Constant') constBytes += sz;
}
const inits = g.initializer!.reduce((a, t) => a + onnx.TensorProto.encode(t).finish().length, 0);
console.log({ names, outs, ins, constBytes, inits });
