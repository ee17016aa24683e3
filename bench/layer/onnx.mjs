// A one-node ONNX model (Conv, with its weight and bias as initializers), written as protobuf
// bytes by a few lines of wire-format encoding: only what onnx.proto needs for this graph
// (varints, length-delimited fields, packed int64s, raw float32 data). Plain ESM with no imports,
// so a page can load it as it is. Field numbers are onnx.proto's (ModelProto, GraphProto,
// NodeProto, AttributeProto, TensorProto, ValueInfoProto, TypeProto, TensorShapeProto).

const FLOAT = 1; // TensorProto.DataType.FLOAT and TypeProto elem_type
const ATTR_INTS = 7, ATTR_INT = 2; // AttributeProto.AttributeType

/** A growable byte buffer with the protobuf wire-format primitives. */
class Writer {
  constructor() { this.bytes = []; }
  varint(v) {
    // Values here are small non-negative integers (dims, enums, lengths): plain arithmetic, no BigInt.
    let n = v;
    while (n >= 0x80) { this.bytes.push((n % 0x80) | 0x80); n = Math.floor(n / 0x80); }
    this.bytes.push(n);
    return this;
  }
  tag(field, wireType) { return this.varint(field * 8 + wireType); }
  int(field, v) { return this.tag(field, 0).varint(v); }
  bytesField(field, data) {
    this.tag(field, 2).varint(data.length);
    for (const b of data) this.bytes.push(b);
    return this;
  }
  string(field, s) { return this.bytesField(field, new TextEncoder().encode(s)); }
  message(field, write) {
    const inner = new Writer();
    write(inner);
    return this.bytesField(field, inner.bytes);
  }
  packedInts(field, values) {
    const inner = new Writer();
    for (const v of values) inner.varint(v);
    return this.bytesField(field, inner.bytes);
  }
  finish() { return Uint8Array.from(this.bytes); }
}

function tensor(w, name, dims, data) {
  w.packedInts(1, dims).int(2, FLOAT).string(8, name);
  // raw_data is little-endian float32, which is what a Float32Array holds on every engine we run.
  w.bytesField(9, new Uint8Array(Float32Array.from(data).buffer));
}

function valueInfo(w, name, dims) {
  w.string(1, name).message(2, (type) => type.message(1, (t) => {
    t.int(1, FLOAT).message(2, (shape) => { for (const d of dims) shape.message(1, (dim) => dim.int(1, d)); });
  }));
}

function intsAttr(w, name, values) {
  w.string(1, name);
  for (const v of values) w.int(8, v); // repeated int64 ints (unpacked is always accepted)
  w.int(20, ATTR_INTS);
}

/**
 * Y = Conv(X, W, B) as ONNX protobuf bytes (opset 13, IR version 8).
 * g: { N, Cin, H, W, Cout, kH, kW, groups, sh, sw, dh, dw, pt, pb, pl, pr, Ho, Wo };
 * weight: OIHW float32 data [Cout, Cin/groups, kH, kW]; bias: [Cout].
 */
export function convModel(g, weight, bias) {
  const m = new Writer();
  m.int(1, 8); // ir_version
  m.string(2, 'convgrad-bench');
  m.message(7, (graph) => {
    graph.message(1, (node) => {
      node.string(1, 'X').string(1, 'W').string(1, 'B').string(2, 'Y').string(3, 'conv').string(4, 'Conv');
      node.message(5, (a) => intsAttr(a, 'kernel_shape', [g.kH, g.kW]));
      node.message(5, (a) => intsAttr(a, 'strides', [g.sh, g.sw]));
      node.message(5, (a) => intsAttr(a, 'dilations', [g.dh, g.dw]));
      node.message(5, (a) => intsAttr(a, 'pads', [g.pt, g.pl, g.pb, g.pr])); // [begins…, ends…]
      node.message(5, (a) => a.string(1, 'group').int(3, g.groups).int(20, ATTR_INT));
    });
    graph.string(2, 'conv2d_layer');
    graph.message(5, (t) => tensor(t, 'W', [g.Cout, g.Cin / g.groups, g.kH, g.kW], weight));
    graph.message(5, (t) => tensor(t, 'B', [g.Cout], bias));
    graph.message(11, (v) => valueInfo(v, 'X', [g.N, g.Cin, g.H, g.W]));
    graph.message(12, (v) => valueInfo(v, 'Y', [g.N, g.Cout, g.Ho, g.Wo]));
  });
  m.message(8, (op) => op.string(1, '').int(2, 13)); // opset_import: the default domain, 13
  return m.finish();
}
