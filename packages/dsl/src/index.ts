export * from './ir';
