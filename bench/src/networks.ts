/** The benchmark networks, each a DSL module under bench/networks with a symbolic batch. */
import { join } from 'node:path';

export const networkNames = ['lenet5', 'cifar-vgg', 'resnet18', 'mobilenet-v2', 'squeezenet1.1'] as const;
export type NetworkName = (typeof networkNames)[number];

const files: Record<NetworkName, string> = {
  'lenet5': 'lenet5.ts',
  'cifar-vgg': 'cifar-vgg.ts',
  'resnet18': 'resnet18.ts',
  'mobilenet-v2': 'mobilenet-v2.ts',
  'squeezenet1.1': 'squeezenet1_1.ts',
};

export const networkFile = (name: NetworkName): string => join(import.meta.dirname, '..', 'networks', files[name]);
