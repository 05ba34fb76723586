// Lazy ONNX reader vs a full onnx-proto decode, on a generated model shaped like an SD 1.5 UNet fp16 export
// (~5k nodes with torch-style shape subgraphs, ~1.7 GB of raw_data initializers in one file), and on the same
// graph saved with external data. Each measurement runs in its own child process so peak RSS is its own.
//   npm run bench -- reader            (or: node --import tsx bench/reader.bench.ts)
import { closeSync, mkdtempSync, openSync, rmSync, writeSync, ftruncateSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { onnx } from 'onnx-proto';

// ---------------------------------------------------------------------------------------------------------
// Child modes: measure one reader and print one JSON line.

interface Measure {
  ms: number;
  /** user + system CPU time: steadier than wall time when the machine is busy. */
  cpuMs: number;
  maxRssMB: number;
  nodes: number;
  initializers: number;
  initBytes: number;
}

async function child(mode: string, path: string): Promise<void> {
  // Module loading (and tsx's transpiling) happens before the clock starts, for both readers.
  const { loadModelFile } = await import('../src/node/loadModelFile');
  global.gc?.();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let nodes = 0;
  let initializers = 0;
  let initBytes = 0;
  if (mode === 'lazy' || mode === 'lazy-sync') {
    const m = await loadModelFile(path, { syncReads: mode === 'lazy-sync' });
    nodes = m.graph.nodes.length;
    initializers = m.graph.initializers.length;
    for (const t of m.graph.initializers) initBytes += t.byteSize;
  } else if (mode === 'full') {
    const bytes = readFileSync(path);
    const m = onnx.ModelProto.decode(bytes);
    nodes = m.graph?.node?.length ?? 0;
    for (const t of m.graph?.initializer ?? []) {
      initializers++;
      const ext = t.externalData?.find((e) => e.key === 'length');
      initBytes += ext ? Number(ext.value) : (t.rawData?.length ?? 0);
    }
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const out: Measure = { ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMB: process.resourceUsage().maxRSS / 1024, nodes, initializers, initBytes };
  console.log(JSON.stringify(out));
}

// ---------------------------------------------------------------------------------------------------------
// Generator: an SD UNet-like graph (block_out_channels 320/640/1280/1280, 2 resnets per down level, 3 per up
// level, one transformer block per attention level, cross-attention dim 768), exported torch-style at opset 14
// (GroupNorm as Reshape/InstanceNormalization/Reshape/Mul/Add, LayerNorm and Gelu decomposed, dynamic reshapes
// computed with Shape/Gather/Unsqueeze/Concat).

const FP16 = 10;

class UNetBuilder {
  readonly nodes: Uint8Array[] = [];
  readonly weights: Array<{ name: string; dims: number[] }> = [];
  private n = 0;

  node(op: string, inputs: string[], name: string, attrs: onnx.IAttributeProto[] = [], outputs = 1): string[] {
    const outs = Array.from({ length: outputs }, (_, i) => `${name}_output_${i}`);
    this.nodes.push(onnx.NodeProto.encode({ opType: op, name, input: inputs, output: outs, attribute: attrs }).finish());
    this.n++;
    return outs;
  }
  one(op: string, inputs: string[], name: string, attrs: onnx.IAttributeProto[] = []): string {
    return this.node(op, inputs, name, attrs)[0];
  }
  weight(name: string, dims: number[]): string {
    this.weights.push({ name, dims });
    return name;
  }
  constI64(path: string, values: number[]): string {
    return this.one('Constant', [], `${path}/Constant_${this.n}`, [{ name: 'value', type: 4, t: { dataType: 7, dims: [values.length], int64Data: values } }]);
  }
  constF(path: string, v: number): string {
    return this.one('Constant', [], `${path}/Constant_${this.n}`, [{ name: 'value', type: 4, t: { dataType: 1, dims: [], floatData: [v] } }]);
  }
  /** Torch's dynamic reshape target: [dim0(x), dim1(x), ...rest]. */
  shapeOf(path: string, x: string, rest: number[]): string {
    const s = this.one('Shape', [x], `${path}/Shape_${this.n}`);
    const g0 = this.one('Gather', [s, this.constI64(path, [0])], `${path}/Gather_${this.n}`, [{ name: 'axis', type: 2, i: 0 }]);
    const s1 = this.one('Shape', [x], `${path}/Shape_${this.n}`);
    const g1 = this.one('Gather', [s1, this.constI64(path, [1])], `${path}/Gather_${this.n}`, [{ name: 'axis', type: 2, i: 0 }]);
    const u0 = this.one('Unsqueeze', [g0, this.constI64(path, [0])], `${path}/Unsqueeze_${this.n}`);
    const u1 = this.one('Unsqueeze', [g1, this.constI64(path, [0])], `${path}/Unsqueeze_${this.n}`);
    return this.one('Concat', [u0, u1, this.constI64(path, rest)], `${path}/Concat_${this.n}`, [{ name: 'axis', type: 2, i: 0 }]);
  }
  reshape(path: string, x: string, rest: number[]): string {
    return this.one('Reshape', [x, this.shapeOf(path, x, rest)], `${path}/Reshape_${this.n}`);
  }
  conv(path: string, x: string, cin: number, cout: number, k: number, stride = 1): string {
    const w = this.weight(`${path.slice(1).replace(/\//g, '.')}.weight`, [cout, cin, k, k]);
    const b = this.weight(`${path.slice(1).replace(/\//g, '.')}.bias`, [cout]);
    const p = (k - 1) >> 1;
    return this.one('Conv', [x, w, b], `${path}/Conv`, [
      { name: 'kernel_shape', type: 7, ints: [k, k] }, { name: 'pads', type: 7, ints: [p, p, p, p] }, { name: 'strides', type: 7, ints: [stride, stride] },
    ]);
  }
  linear(path: string, x: string, cin: number, cout: number, bias: boolean): string {
    const y = this.one('MatMul', [x, this.weight(`onnx::MatMul_${this.weights.length}`, [cin, cout])], `${path}/MatMul`);
    return bias ? this.one('Add', [this.weight(`${path.slice(1).replace(/\//g, '.')}.bias`, [cout]), y], `${path}/Add`) : y;
  }
  groupNorm(path: string, x: string, c: number): string {
    const r = this.one('Reshape', [x, this.constI64(path, [0, 32, -1])], `${path}/Reshape`);
    const n = this.one('InstanceNormalization', [r, this.weight(`${path}.in_scale`, [32]), this.weight(`${path}.in_bias`, [32])], `${path}/InstanceNormalization`, [{ name: 'epsilon', type: 1, f: 1e-5 }]);
    const back = this.one('Reshape', [n, this.one('Shape', [x], `${path}/Shape`)], `${path}/Reshape_1`);
    const m = this.one('Mul', [back, this.weight(`${path.slice(1).replace(/\//g, '.')}.weight`, [c, 1, 1])], `${path}/Mul`);
    return this.one('Add', [m, this.weight(`${path.slice(1).replace(/\//g, '.')}.bias`, [c, 1, 1])], `${path}/Add`);
  }
  silu(path: string, x: string): string {
    return this.one('Mul', [x, this.one('Sigmoid', [x], `${path}/Sigmoid`)], `${path}/Mul`);
  }
  layerNorm(path: string, x: string, c: number): string {
    const mean = this.one('ReduceMean', [x], `${path}/ReduceMean`, [{ name: 'axes', type: 7, ints: [-1] }]);
    const d = this.one('Sub', [x, mean], `${path}/Sub`);
    const sq = this.one('Pow', [d, this.constF(path, 2)], `${path}/Pow`);
    const v = this.one('ReduceMean', [sq], `${path}/ReduceMean_1`, [{ name: 'axes', type: 7, ints: [-1] }]);
    const s = this.one('Sqrt', [this.one('Add', [v, this.constF(path, 1e-5)], `${path}/Add`)], `${path}/Sqrt`);
    const nrm = this.one('Div', [d, s], `${path}/Div`);
    const m = this.one('Mul', [nrm, this.weight(`${path.slice(1).replace(/\//g, '.')}.weight`, [c])], `${path}/Mul`);
    return this.one('Add', [m, this.weight(`${path.slice(1).replace(/\//g, '.')}.bias`, [c])], `${path}/Add_1`);
  }
  attention(path: string, x: string, ctx: string, c: number, ctxDim: number): string {
    // diffusers head_to_batch_dim: reshape(b, seq, heads, d) -> permute(0, 2, 1, 3) -> reshape(b * heads, seq, d)
    const heads = (t: string, p: string) =>
      this.reshape(`${p}/b`, this.one('Transpose', [this.reshape(p, t, [8, c / 8])], `${p}/Transpose`, [{ name: 'perm', type: 7, ints: [0, 2, 1, 3] }]), [c / 8]);
    const q = heads(this.linear(`${path}/to_q`, x, c, c, false), `${path}/q`);
    const k = heads(this.linear(`${path}/to_k`, ctx, ctxDim, c, false), `${path}/k`);
    const v = heads(this.linear(`${path}/to_v`, ctx, ctxDim, c, false), `${path}/v`);
    const kt = this.one('Transpose', [k], `${path}/Transpose_kt`, [{ name: 'perm', type: 7, ints: [0, 1, 3, 2] }]);
    const s = this.one('Mul', [this.one('MatMul', [q, kt], `${path}/MatMul`), this.constF(path, 0.125)], `${path}/Mul`);
    const p = this.one('Softmax', [s], `${path}/Softmax`, [{ name: 'axis', type: 2, i: -1 }]);
    const o = this.one('Transpose', [this.one('MatMul', [p, v], `${path}/MatMul_1`)], `${path}/Transpose_o`, [{ name: 'perm', type: 7, ints: [0, 2, 1, 3] }]);
    return this.linear(`${path}/to_out.0`, this.reshape(`${path}/o`, o, [c]), c, c, true);
  }
  feedForward(path: string, x: string, c: number): string {
    const h = this.linear(`${path}/net.0/proj`, x, c, 8 * c, true);
    const [a, gate] = this.node('Split', [h, this.constI64(path, [4 * c, 4 * c])], `${path}/Split`, [{ name: 'axis', type: 2, i: -1 }], 2) as [string, string];
    const e = this.one('Erf', [this.one('Div', [gate, this.constF(path, 1.4142)], `${path}/Div`)], `${path}/Erf`);
    const g = this.one('Mul', [this.one('Mul', [gate, this.one('Add', [e, this.constF(path, 1)], `${path}/Add`)], `${path}/Mul`), this.constF(path, 0.5)], `${path}/Mul_1`);
    return this.linear(`${path}/net.2`, this.one('Mul', [a, g], `${path}/Mul_2`), 4 * c, c, true);
  }
  resnet(path: string, x: string, temb: string, cin: number, cout: number): string {
    let h = this.conv(`${path}/conv1`, this.silu(`${path}/act`, this.groupNorm(`${path}/norm1`, x, cin)), cin, cout, 3);
    const t = this.linear(`${path}/time_emb_proj`, this.silu(`${path}/act_t`, temb), 1280, cout, true);
    const t4 = this.one('Unsqueeze', [this.one('Unsqueeze', [t, this.constI64(path, [2])], `${path}/Unsqueeze`), this.constI64(path, [3])], `${path}/Unsqueeze_1`);
    h = this.one('Add', [h, t4], `${path}/Add`);
    h = this.conv(`${path}/conv2`, this.silu(`${path}/act_1`, this.groupNorm(`${path}/norm2`, h, cout)), cout, cout, 3);
    const skip = cin === cout ? x : this.conv(`${path}/conv_shortcut`, x, cin, cout, 1);
    return this.one('Div', [this.one('Add', [skip, h], `${path}/add_2`), this.constF(path, 1)], `${path}/Div`);
  }
  transformer(path: string, x: string, ctx: string, c: number): string {
    const h0 = this.conv(`${path}/proj_in`, this.groupNorm(`${path}/norm`, x, c), c, c, 1);
    let h = this.reshape(path, this.one('Transpose', [h0], `${path}/Transpose`, [{ name: 'perm', type: 7, ints: [0, 2, 3, 1] }]), [c]);
    const b = `${path}/transformer_blocks.0`;
    const n1 = this.layerNorm(`${b}/norm1`, h, c);
    h = this.one('Add', [this.attention(`${b}/attn1`, n1, n1, c, c), h], `${b}/Add`);
    h = this.one('Add', [this.attention(`${b}/attn2`, this.layerNorm(`${b}/norm2`, h, c), ctx, c, 768), h], `${b}/Add_1`);
    h = this.one('Add', [this.feedForward(`${b}/ff`, this.layerNorm(`${b}/norm3`, h, c), c), h], `${b}/Add_2`);
    const back = this.one('Transpose', [this.reshape(`${path}/out`, h, [64, 64, c])], `${path}/Transpose_1`, [{ name: 'perm', type: 7, ints: [0, 3, 1, 2] }]);
    return this.one('Add', [this.conv(`${path}/proj_out`, back, c, c, 1), x], `${path}/Add`);
  }

  build(): void {
    const ch = [320, 640, 1280, 1280];
    const tproj = this.linear('/time_embedding/linear_1', 'timestep', 320, 1280, true);
    const temb = this.linear('/time_embedding/linear_2', this.silu('/time_embedding/act', tproj), 1280, 1280, true);
    let x = this.conv('/conv_in', 'sample', 4, 320, 3);
    const skips: Array<[string, number]> = [[x, 320]];
    let c = 320;
    ch.forEach((cout, level) => {
      for (let i = 0; i < 2; i++) {
        x = this.resnet(`/down_blocks.${level}/resnets.${i}`, x, temb, c, cout);
        c = cout;
        if (level < 3) x = this.transformer(`/down_blocks.${level}/attentions.${i}`, x, 'encoder_hidden_states', c);
        skips.push([x, c]);
      }
      if (level < 3) {
        x = this.conv(`/down_blocks.${level}/downsamplers.0/conv`, x, c, c, 3, 2);
        skips.push([x, c]);
      }
    });
    x = this.resnet('/mid_block/resnets.0', x, temb, 1280, 1280);
    x = this.transformer('/mid_block/attentions.0', x, 'encoder_hidden_states', 1280);
    x = this.resnet('/mid_block/resnets.1', x, temb, 1280, 1280);
    [...ch].reverse().forEach((cout, level) => {
      for (let i = 0; i < 3; i++) {
        const [s, sc] = skips.pop()!;
        x = this.one('Concat', [x, s], `/up_blocks.${level}/Concat_${i}`, [{ name: 'axis', type: 2, i: 1 }]);
        x = this.resnet(`/up_blocks.${level}/resnets.${i}`, x, temb, c + sc, cout);
        c = cout;
        if (level > 0) x = this.transformer(`/up_blocks.${level}/attentions.${i}`, x, 'encoder_hidden_states', c);
      }
      if (level < 3) {
        const up = this.one('Resize', [x, '', this.constI64(`/up_blocks.${level}/upsamplers.0`, [1, 1, 2, 2])], `/up_blocks.${level}/upsamplers.0/Resize`);
        x = this.conv(`/up_blocks.${level}/upsamplers.0/conv`, up, c, c, 3);
      }
    });
    x = this.silu('/conv_act', this.groupNorm('/conv_norm_out', x, 320));
    this.conv('/conv_out', x, 320, 4, 3);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Writer: emits the protobuf framing itself so raw_data is streamed in chunks, never held whole.

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return out;
}
const vlen = (n: number) => varint(n).length;
const lenHeader = (field: number, len: number) => Uint8Array.from([...varint(field * 8 + 2), ...varint(len)]);

function writeModel(path: string, g: UNetBuilder, external: { file: string } | undefined): { fileBytes: number; dataBytes: number } {
  const bytesOf = (dims: number[]) => dims.reduce((a, b) => a * b, 1) * 2;
  let dataOffset = 0;
  const tensors = g.weights.map(({ name, dims }) => {
    const size = bytesOf(dims);
    if (external) {
      const t = onnx.TensorProto.encode({
        name, dims, dataType: FP16, dataLocation: 1,
        externalData: [{ key: 'location', value: external.file }, { key: 'offset', value: String(dataOffset) }, { key: 'length', value: String(size) }],
      }).finish();
      dataOffset += size;
      return { head: t, size: 0, total: t.length };
    }
    const head = onnx.TensorProto.encode({ name, dims, dataType: FP16 }).finish();
    dataOffset += size;
    return { head, size, total: head.length + 1 + vlen(size) + size };
  });
  const io = [
    ...[['sample', [2, 4, 64, 64], 11], ['timestep', [2], 11], ['encoder_hidden_states', [2, 77, 768], 11]].map(([n, d, f]) => ({ name: n as string, dims: d as number[], field: f as number })),
    { name: '/conv_out/Conv_output_0', dims: [2, 4, 64, 64], field: 12 },
  ].map((v) => ({
    field: v.field,
    bytes: onnx.ValueInfoProto.encode({ name: v.name, type: { tensorType: { elemType: v.name === 'timestep' ? 7 : FP16, shape: { dim: v.dims.map((d) => ({ dimValue: d })) } } } }).finish(),
  }));
  const graphName = Uint8Array.from([0x12, ...varint(5), ...Buffer.from('torch')]);
  let graphLen = graphName.length;
  for (const n of g.nodes) graphLen += 1 + vlen(n.length) + n.length;
  for (const t of tensors) graphLen += 1 + vlen(t.total) + t.total;
  for (const v of io) graphLen += 1 + vlen(v.bytes.length) + v.bytes.length;

  const fd = openSync(path, 'w');
  let written = 0;
  const put = (b: Uint8Array) => {
    let o = 0;
    while (o < b.length) o += writeSync(fd, b, o, b.length - o);
    written += b.length;
  };
  try {
    put(onnx.ModelProto.encode({ irVersion: 7, producerName: 'pytorch', producerVersion: '1.13.1' }).finish());
    put(lenHeader(7, graphLen));
    for (const n of g.nodes) {
      put(lenHeader(1, n.length));
      put(n);
    }
    put(graphName);
    // Pseudo-random weight bytes, one chunk reused: content does not matter, only that it is really written.
    const chunk = new Uint8Array(8 << 20);
    let s = 12345;
    for (let i = 0; i < chunk.length; i++) chunk[i] = (s = (s * 1103515245 + 12345) >>> 0) >>> 24;
    for (const t of tensors) {
      put(lenHeader(5, t.total));
      put(t.head);
      if (!external) {
        put(lenHeader(9, t.size));
        for (let left = t.size; left > 0; left -= chunk.length) put(chunk.subarray(0, Math.min(left, chunk.length)));
      }
    }
    for (const v of io) {
      put(lenHeader(v.field, v.bytes.length));
      put(v.bytes);
    }
    put(onnx.ModelProto.encode({ opsetImport: [{ domain: '', version: 14 }] }).finish());
  } finally {
    closeSync(fd);
  }
  return { fileBytes: written, dataBytes: dataOffset };
}

// ---------------------------------------------------------------------------------------------------------

function runChild(mode: string, path: string): Measure {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', __filename, '--child', mode, path], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`${mode} child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Measure;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function compare(label: string, path: string, runs: number): { lazy: Measure; lazySync: Measure; full: Measure } {
  const lazy: Measure[] = [];
  const lazySync: Measure[] = [];
  const full: Measure[] = [];
  for (let i = 0; i < runs; i++) {
    lazy.push(runChild('lazy', path));
    lazySync.push(runChild('lazy-sync', path));
    full.push(runChild('full', path));
  }
  const pick = (ms: Measure[]): Measure => ({
    ...ms[0], ms: median(ms.map((m) => m.ms)), cpuMs: median(ms.map((m) => m.cpuMs)), maxRssMB: median(ms.map((m) => m.maxRssMB)),
  });
  const fastest = (ms: Measure[]) => Math.min(...ms.map((m) => m.ms));
  const l = pick(lazy);
  const ls = pick(lazySync);
  const f = pick(full);
  for (const x of [l, ls]) {
    if (x.nodes !== f.nodes || x.initializers !== f.initializers || x.initBytes !== f.initBytes) {
      throw new Error(`${label}: readers disagree: lazy ${JSON.stringify(x)} vs full ${JSON.stringify(f)}`);
    }
  }
  console.log(`\n${label}: ${l.nodes} nodes, ${l.initializers} initializers, ${(l.initBytes / 2 ** 30).toFixed(2)} GiB of weights (all readers agree)`);
  console.log(`  medians of ${runs} runs                   wall (fastest)        CPU time   peak RSS`);
  const row = (name: string, m: Measure, all: Measure[]) =>
    console.log(`  ${name.padEnd(37)} ${m.ms.toFixed(0).padStart(6)} ms (${fastest(all).toFixed(0).padStart(5)} ms) ${m.cpuMs.toFixed(0).padStart(8)} ms ${m.maxRssMB.toFixed(0).padStart(7)} MB`);
  row('lazy, async reads (extension host)', l, lazy);
  row('lazy, sync preads (CLI)', ls, lazySync);
  row('full (readFile + onnx-proto decode)', f, full);
  for (const [name, x] of [['async', l], ['sync', ls]] as const) {
    console.log(`  lazy ${name} vs full: ${(f.ms / x.ms).toFixed(1)}x faster (median wall), ${(f.cpuMs / x.cpuMs).toFixed(1)}x less CPU, ${(x.maxRssMB / f.maxRssMB * 100).toFixed(1)}% of the peak memory`);
  }
  return { lazy: l, lazySync: ls, full: f };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'onnx-reader-bench-'));
  try {
    const g = new UNetBuilder();
    g.build();
    const single = join(dir, 'unet.onnx');
    let t0 = performance.now();
    const s = writeModel(single, g, undefined);
    console.log(`generated ${single}: ${(s.fileBytes / 2 ** 30).toFixed(2)} GiB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const extModel = join(dir, 'model.onnx');
    t0 = performance.now();
    const e = writeModel(extModel, g, { file: 'weights.pb' });
    // The reader only stats weights.pb (profiling needs sizes, not bytes), so a sparse file of the right size is enough.
    const wfd = openSync(join(dir, 'weights.pb'), 'w');
    ftruncateSync(wfd, e.dataBytes);
    closeSync(wfd);
    console.log(`generated ${extModel}: ${(e.fileBytes / 2 ** 20).toFixed(2)} MiB + weights.pb ${(e.dataBytes / 2 ** 30).toFixed(2)} GiB (sparse) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    if (process.env['READER_BENCH_GENERATE_ONLY']) return;
    const idle = runChild('idle', single);
    console.log(`baseline: a child that loads nothing peaks at ${idle.maxRssMB.toFixed(0)} MB RSS`);
    const one = compare('single file (raw_data inline)', single, 5);
    compare('external data (model.onnx + weights.pb; neither reader loads weights.pb)', extModel, 5);

    console.log(`\nload average while measuring: ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} CPUs (wall times are noisy when this is high)`);
    for (const [name, x] of [['async reads', one.lazy], ['sync preads', one.lazySync]] as const) {
      const speed = one.full.ms / x.ms;
      const mem = x.maxRssMB / one.full.maxRssMB;
      console.log(`targets, single-file model, lazy with ${name}: >=10x faster: ${speed >= 10 ? 'met' : 'NOT met'} (${speed.toFixed(1)}x wall, ` +
        `${(one.full.cpuMs / x.cpuMs).toFixed(1)}x CPU); <=1/10 peak memory: ${mem <= 0.1 ? 'met' : 'NOT met'} (${(mem * 100).toFixed(1)}%); ` +
        `under 1 s: ${x.ms < 1000 ? 'met' : 'NOT met'} (${x.ms.toFixed(0)} ms)`);
    }
  } finally {
    if (process.env['READER_BENCH_KEEP']) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

const argv = process.argv.slice(2);
if (argv[0] === '--child') {
  child(argv[1], argv[2]).catch((err) => {
    console.error(err);
    process.exit(1);
  });
} else {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
