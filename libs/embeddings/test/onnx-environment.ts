import NodeEnvironment from 'jest-environment-node';

type Context = ConstructorParameters<typeof NodeEnvironment>;

/**
 * Jest's node environment with Node's own typed arrays. onnxruntime-node creates output tensors
 * outside the test's sandbox and onnxruntime-common checks them with `instanceof Float32Array`
 * inside it, which fails across realms; outside jest there is one realm and nothing to fix.
 * (jest-environment-node already shares ArrayBuffer and Uint8Array for the same reason.)
 */
export default class OnnxEnvironment extends NodeEnvironment {
  constructor(...[config, context]: Context) {
    super(config, context);
    Object.assign(this.global, {
      Int8Array,
      Uint8ClampedArray,
      Int16Array,
      Uint16Array,
      Int32Array,
      Uint32Array,
      Float32Array,
      Float64Array,
      BigInt64Array,
      BigUint64Array,
    });
  }
}
