// One op table keyed by (domain, op): how the NPU runs each ONNX op (Vela keeps the same facts per operator in
// operation.py's OperatorInfo: block type, which inputs are IFM/weights, elementwise or not).
//   cls        : mac (MAC array) | elementwise (fuses as an epilogue) | vector (own vector-unit pass) | free (addressing / folded)
//   mac        : the MAC-count rule (macs.ts) for MAC ops
//   opsPerElem : vector-unit passes per element (uniform vector cost model)
//   velaClass  : which column of Vela's output_cycles_per_elem / activation_cycles_per_elem tables the op uses (vector costs)
//   noData     : reads no activation data (shape arithmetic, generators)
//   known      : the vector cost is specific to the op (else "no specific cost model" is warned)

export type OpClass = 'mac' | 'elementwise' | 'vector' | 'free';
export type MacRule = 'conv' | 'convTranspose' | 'matmul' | 'gemm' | 'einsum';
/** Vela npu_performance.py: output_perf_index (add = advanced Add/Sub, mul, maxpool, other) or a LUT activation. */
export type VelaClass = 'add' | 'mul' | 'maxpool' | 'other' | 'lut' | 'relu';

export interface OpInfo {
  cls: OpClass;
  mac?: MacRule;
  /** Index of the weight operand for MAC ops (QLinear* carry scales first). */
  weightInput?: number;
  opsPerElem: number;
  velaClass: VelaClass;
  noData?: boolean;
  known: boolean;
  /** A normalisation (statistics over a slab, then normalise): candidates for norm fusion. */
  norm?: boolean;
  /** What the vector work counts: output elements, input elements (reductions, norms, softmax), or output x window (pooling). */
  vecRule: 'out' | 'in' | 'window';
}

const T = new Map<string, OpInfo>();

function def(ops: string[], info: Partial<OpInfo> & { cls: OpClass }): void {
  for (const op of ops) T.set(`:${op}`, { opsPerElem: 1, velaClass: 'other', known: true, vecRule: 'out', ...info });
}

def(['Reshape', 'Flatten', 'Squeeze', 'Unsqueeze', 'Transpose', 'Identity', 'Slice', 'Split', 'Concat', 'Expand', 'Dropout', 'Cast', 'CastLike', 'Tile'], { cls: 'free' });
def(['Shape', 'Size', 'Constant', 'ConstantOfShape', 'Range', 'NonZero', 'EyeLike'], { cls: 'free', noData: true });
def(['Conv', 'QLinearConv', 'ConvInteger'], { cls: 'mac', mac: 'conv', weightInput: 1 });
T.set(':QLinearConv', { ...T.get(':QLinearConv')!, weightInput: 3 });
def(['ConvTranspose'], { cls: 'mac', mac: 'convTranspose', weightInput: 1 });
def(['MatMul', 'MatMulInteger'], { cls: 'mac', mac: 'matmul', weightInput: 1 });
def(['QLinearMatMul'], { cls: 'mac', mac: 'matmul', weightInput: 3 });
def(['Gemm'], { cls: 'mac', mac: 'gemm', weightInput: 1 });
def(['Add', 'Sub'], { cls: 'elementwise', velaClass: 'add' });
def(['Mul', 'Div'], { cls: 'elementwise', velaClass: 'mul' });
def(['Relu', 'LeakyRelu', 'PRelu', 'Clip', 'Min', 'Max', 'Abs', 'Neg'], { cls: 'elementwise', velaClass: 'relu' });
def(['Pow', 'Sqrt', 'Reciprocal', 'Sigmoid', 'Tanh', 'Erf', 'Gelu', 'HardSigmoid', 'HardSwish', 'Softplus', 'Softsign', 'Exp', 'Log', 'Elu', 'Selu', 'Celu', 'Mish', 'Sin', 'Cos', 'QuickGelu', 'Swish'], { cls: 'elementwise', velaClass: 'lut' });
def(['Floor', 'Ceil', 'Round', 'Sign', 'Where', 'Equal', 'Less', 'Greater', 'And', 'Or', 'Not', 'BatchNormalization'], { cls: 'elementwise' });
def(['Softmax', 'LogSoftmax'], { cls: 'vector', opsPerElem: 3, velaClass: 'lut', vecRule: 'in' });
def(['InstanceNormalization', 'LayerNormalization', 'GroupNormalization', 'LpNormalization', 'MeanVarianceNormalization'], { cls: 'vector', opsPerElem: 3, norm: true, vecRule: 'in' });
def(['MaxPool'], { cls: 'vector', velaClass: 'maxpool', vecRule: 'window' });
def(['AveragePool'], { cls: 'vector', vecRule: 'window' });
def(['GlobalMaxPool'], { cls: 'vector', velaClass: 'maxpool', vecRule: 'in' });
def(['GlobalAveragePool'], { cls: 'vector', vecRule: 'in' });
def(['Resize', 'Upsample', 'Gather', 'GatherElements', 'ScatterND', 'Pad', 'DepthToSpace', 'SpaceToDepth', 'ArgMax', 'ArgMin', 'TopK', 'CumSum'], { cls: 'vector' });
def(['ReduceMean', 'ReduceSum', 'ReduceMax', 'ReduceMin', 'ReduceProd', 'ReduceL1', 'ReduceL2', 'ReduceLogSum', 'ReduceLogSumExp', 'ReduceSumSquare'], { cls: 'vector', vecRule: 'in' });
def(['Einsum'], { cls: 'vector', mac: 'einsum', known: false });
// Control flow: the node itself only hands tensors over; its bodies are costed by the engine (engine.ts costBodies).
def(['If', 'Loop', 'Scan'], { cls: 'vector', opsPerElem: 0 });

const UNKNOWN: OpInfo = { cls: 'vector', opsPerElem: 1, velaClass: 'other', known: false, vecRule: 'out' };
/** Domains whose ops the default-domain table describes (com.microsoft contrib ops share the standard names). */
const STANDARD = new Set(['', 'ai.onnx', 'com.microsoft']);

/** The op's entry; ops of other domains (custom) run as one unknown vector op per output element. */
export function opInfo(domain: string, opType: string): OpInfo {
  if (!STANDARD.has(domain)) return UNKNOWN;
  return T.get(`:${opType}`) ?? UNKNOWN;
}

/** The MAC rule applies only to the standard domain itself (contrib ops have their own semantics). */
export function macRule(domain: string, opType: string): MacRule | undefined {
  return domain === '' || domain === 'ai.onnx' ? T.get(`:${opType}`)?.mac : undefined;
}

/** Every op type in the table (for tests and docs). */
export function tableOps(): string[] {
  return [...T.keys()].map((k) => k.slice(1));
}
