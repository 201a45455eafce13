/**
 * The common mistakes, each with what the editor says. This file does not compile — on purpose. Every
 * line marked `//!` is an error whose message contains the text after the marker; the example's test
 * checks that under TypeScript 7 and 6, so these comments stay true.
 */
import { add, concat, input, type Shape, type Tensor } from '@stride/dsl';

const image = input([1, 3, 32, 32], { name: 'image' });

// A kernel larger than the image it slides over (here after two poolings: 8×8, then 4×4).
const small = image.maxPool2d({ kernelSize: 2 }).maxPool2d({ kernelSize: 2 }).maxPool2d({ kernelSize: 2 }); // [1, 3, 4, 4]
small.conv2d({ outChannels: 16, kernelSize: 5 }); //! conv2d: kernel 5 is larger than padded input 4 (input 4, padding 0, dilation 1)

// Padding fixes it: 4 + 2·1 = 6 ≥ 5.
small.conv2d({ outChannels: 16, kernelSize: 5, padding: 1 });

// 'same' keeps the size, so it cannot also stride.
image.conv2d({ outChannels: 16, kernelSize: 3, padding: 'same', stride: 2 }); //! conv2d: padding 'same' needs stride 1, got stride 2

// Depthwise convolution needs groups to divide the channels.
image.conv2d({ outChannels: 8, kernelSize: 3, groups: 8 }); //! conv2d: input channels 3 are not divisible by groups 8

// Forgetting to flatten before a classifier: linear works on the last dimension, so this is legal…
const wrong = image.linear({ outFeatures: 10 }); // [1, 3, 32, 10]
// …and the mistake shows where the result is declared.
const logits: Tensor<[1, 10]> = wrong; //! Type 'Tensor<[1, 3, 32, 10]>' is not assignable to type 'Tensor<[1, 10]>'

// Batch norm is BatchNorm2d: after flatten it no longer fits, with or without options.
image.flatten().batchNorm2d(); //! batchNorm2d: expects a rank-4 NCHW tensor, got [1, 3072]

// A residual add whose branches disagree: the shortcut needs a strided 1×1 conv.
const x = input([1, 64, 56, 56]);
const branch = x.conv2d({ outChannels: 128, kernelSize: 3, stride: 2, padding: 1 });
add(branch, x); //! add: shapes [1, 128, 28, 28] and [1, 64, 56, 56] do not broadcast (28 vs 56 at dimension 3)

// Concatenating feature maps of different sizes.
concat([branch, x]); //! concat: shapes differ at dimension 2 (28 vs 56), outside the concat dim 1

// Pool padding may be at most half the kernel.
x.maxPool2d({ kernelSize: 3, stride: 2, padding: 2 }); //! maxPool2d: padding 2 is more than half the kernel 3

// A reshape that loses elements.
x.reshape([1, 64, 3000]); //! reshape: cannot reshape [1, 64, 56, 56] (200704 elements) into [1, 64, 3000] (192000 elements)

// A batch size known only at run time cannot be flattened into the features.
input(['batch', 3, 8, 8]).flatten(0); //! flatten: cannot compute with symbolic dimension 'batch'

// A block that does not fit the tensor it is applied to is reported at the apply call.
const stem = <S extends Shape>(t: Tensor<S>) => t.conv2d({ outChannels: 8, kernelSize: 7, stride: 2, name: 'conv' });
input([1, 3, 5, 5]).apply(stem, 'stem'); //! apply: the block does not fit its input: conv2d: kernel 7 is larger than padded input 5

// Options are checked by name: a typo or PyTorch's snake_case is refused on that key, with the option
// it most likely meant — in the editor as when the network is built.
image.conv2d({ outChannels: 16, kernelSize: 3, strides: 2 }); //! conv2d: unknown option 'strides' (did you mean 'stride'?)
image.maxPool2d({ kernelSize: 2, ceil_mode: true }); //! maxPool2d: unknown option 'ceil_mode' (did you mean 'ceilMode'?)
// PyTorch's in_channels is no option: the input's shape gives it.
image.conv2d({ in_channels: 3, outChannels: 16, kernelSize: 3 }); //! conv2d: unknown option 'in_channels'; options are outChannels, kernelSize
// Also when the options are held in a variable (`as const` keeps its values checked too).
const convOptions = { outChannels: 16, kernelSize: 3, padding_mode: 'reflect' } as const;
image.conv2d(convOptions); //! conv2d: unknown option 'padding_mode' (did you mean 'paddingMode'?)
// A value of the wrong kind: a number written as a string.
image.conv2d({ outChannels: 16, kernelSize: '3' }); //! conv2d: kernelSize must be a positive integer, got '3'

// A stage written as a PyTorch-style loop over `let y: Tensor<Shape>` type-checks, and checks nothing:
// every shape in it is `Shape`, so this kernel larger than the input is found only when the network is built…
let y: Tensor<Shape> = x;
for (let i = 0; i < 3; i++) y = y.conv2d({ outChannels: 64, kernelSize: 3, padding: 1, name: `conv${i}` });
y.maxPool2d({ kernelSize: 100 });
// …while `repeat` keeps every step's shape: the same mistake is underlined, and so is a block that
// does not fit what it is repeated on.
const residual = <S extends Shape>(t: Tensor<S>) => add(t.conv2d({ outChannels: 64, kernelSize: 3, padding: 1 }).relu(), t);
x.repeat(3, residual, 'layer1').maxPool2d({ kernelSize: 100 }); //! maxPool2d: kernel 100 is larger than padded input 56 (input 56, padding 0, dilation 1)
image.repeat(2, residual, 'stage'); //! repeat: the block does not fit its input: add: shapes [1, 64, 32, 32] and [1, 3, 32, 32] do not broadcast (64 vs 3 at dimension 1)

void logits;
