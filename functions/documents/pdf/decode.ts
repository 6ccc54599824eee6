import { inflateSync } from 'node:zlib';
import { type PdfDict, PdfName, type PdfStream, type PdfValue } from './objects.js';

/**
 * Decoding of the only streams the reader needs to read itself, cross-reference and object streams: no
 * filter, or FlateDecode with an optional PNG predictor (7.4.4), which is what PDF writers use for them.
 * Every other stream is copied as stored and never decoded.
 */
const single = (value: PdfValue | undefined): PdfValue | undefined =>
  Array.isArray(value) ? (value.length > 1 ? value : value[0]) : value;

const numberIn = (parms: PdfDict | undefined, key: string, fallback: number): number => {
  const value = parms?.get(key);
  return typeof value === 'number' ? value : fallback;
};

export function decodeStream(stream: PdfStream, what: string): Uint8Array {
  const filter = single(stream.dict.get('Filter'));
  if (filter === undefined || filter === null) return stream.data;
  if (filter !== PdfName.of('FlateDecode')) {
    const described = filter instanceof PdfName ? `/${filter.name}` : 'a chain of filters';
    throw new Error(`cannot decode the ${what}: it uses ${described}, only FlateDecode is supported`);
  }
  let inflated: Uint8Array;
  try {
    inflated = inflateSync(stream.data);
  } catch (error) {
    throw new Error(`cannot decode the ${what}: its FlateDecode data is damaged`, { cause: error });
  }
  const parms = single(stream.dict.get('DecodeParms'));
  return unpredict(inflated, parms instanceof Map ? parms : undefined, what);
}

function unpredict(data: Uint8Array, parms: PdfDict | undefined, what: string): Uint8Array {
  const predictor = numberIn(parms, 'Predictor', 1);
  if (predictor === 1) return data;
  if (predictor < 10)
    throw new Error(
      `cannot decode the ${what}: predictor ${predictor} (TIFF) is not supported, only PNG ones`,
    );
  const colors = numberIn(parms, 'Colors', 1);
  const bitsPerComponent = numberIn(parms, 'BitsPerComponent', 8);
  const columns = numberIn(parms, 'Columns', 1);
  const rowLength = Math.ceil((columns * colors * bitsPerComponent) / 8);
  const pixelLength = Math.max(1, Math.ceil((colors * bitsPerComponent) / 8));
  return unpredictPng(data, rowLength, pixelLength, what);
}

/** Each row starts with its PNG filter type (0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth), then rowLength bytes. */
function unpredictPng(data: Uint8Array, rowLength: number, pixelLength: number, what: string): Uint8Array {
  const rows = Math.floor(data.length / (rowLength + 1));
  const out = new Uint8Array(rows * rowLength);
  for (let row = 0; row < rows; row += 1) {
    const type = data[row * (rowLength + 1)] ?? 0;
    const source = row * (rowLength + 1) + 1;
    const target = row * rowLength;
    for (let column = 0; column < rowLength; column += 1) {
      const raw = data[source + column] ?? 0;
      const left = column >= pixelLength ? (out[target + column - pixelLength] ?? 0) : 0;
      const up = row > 0 ? (out[target - rowLength + column] ?? 0) : 0;
      const upLeft =
        row > 0 && column >= pixelLength ? (out[target - rowLength + column - pixelLength] ?? 0) : 0;
      out[target + column] = (raw + predicted(type, left, up, upLeft, what)) & 0xff;
    }
  }
  return out;
}

function predicted(type: number, left: number, up: number, upLeft: number, what: string): number {
  switch (type) {
    case 0:
      return 0;
    case 1:
      return left;
    case 2:
      return up;
    case 3:
      return (left + up) >> 1;
    case 4: {
      const estimate = left + up - upLeft;
      const toLeft = Math.abs(estimate - left);
      const toUp = Math.abs(estimate - up);
      const toUpLeft = Math.abs(estimate - upLeft);
      if (toLeft <= toUp && toLeft <= toUpLeft) return left;
      return toUp <= toUpLeft ? up : upLeft;
    }
    default:
      throw new Error(`cannot decode the ${what}: PNG filter type ${type} in a row`);
  }
}
