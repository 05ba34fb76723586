// The `init` wire form of the compact graph: decoding gives back exactly what the host built, with
// each tensor, type string and scope path sent once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeGraph, encodeGraph } from '../../../src/core/view/wireGraph';
import { unpackJson } from '../../../src/core/view/packedJson';
import { analyzeModel } from '../../../src/extension/modelEditor/analysis';
import { syntheticUnetGraph } from '../../ui/fixtures/syntheticView';
import { tinyCnn } from '../../web/fixtures';

test('encodeGraph/decodeGraph round-trip a synthetic UNet-shaped graph through JSON', () => {
  const g = syntheticUnetGraph();
  const wire = encodeGraph(g);
  assert.deepEqual(decodeGraph(JSON.parse(JSON.stringify(wire))), g);
  // Tensors are listed once although each is an output and an input.
  assert.equal(wire.tensorNames.length, new Set([...g.inputs, ...g.outputs, ...g.nodes.flatMap((n) => [...n.inputs, ...n.outputs])].map((t) => t.name)).size);
  assert.equal(wire.types.length, 2);
  assert.ok(wire.scopes.length < g.nodes.length);
});

test('the analysis carries the encoded graph of its compact graph, as JSON bytes', async () => {
  const a = await analyzeModel(tinyCnn(), 'tiny_cnn.onnx');
  assert.ok(a.wire instanceof Uint8Array);
  assert.deepEqual(decodeGraph(unpackJson(a.wire)), a.graph);
});

test('a tensor name seen with two type strings keeps both', () => {
  const g = syntheticUnetGraph({ blocks: 1 });
  g.nodes[1].inputs = [{ name: g.nodes[1].inputs[0].name, type: 'float32 [1]' }];
  assert.deepEqual(decodeGraph(encodeGraph(g)), g);
});
