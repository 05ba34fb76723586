// Display of inferred types: "float16 [2,320,64,64]", "int64 [batch,77]", "? [?]".
import type { Shape } from '../model/graph';
import type { InferredTensor } from './types';
import { formatDim } from './dims';

export function formatShape(shape: Shape | undefined): string {
  if (!shape) return '[?]';
  return `[${shape.map(formatDim).join(',')}]`;
}

export function formatTensorType(t: InferredTensor | undefined): string {
  if (!t) return '? [?]';
  if (t.kind === 'sequence' || t.kind === 'optional') return `${t.kind}<${formatTensorType(t.elem)}>`;
  if (t.kind) return t.kind;
  return `${t.dtype ?? '?'} ${formatShape(t.shape)}`;
}
