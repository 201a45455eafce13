export { StrideError, type StrideErrorCode } from './errors';
