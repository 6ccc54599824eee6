// asl-validator 4 ships JavaScript only; this is the part of its API the tests use.
declare module 'asl-validator' {
  interface AslValidationError {
    Message: string;
    'Error code'?: string;
    path?: string;
  }
  interface AslValidationResult {
    isValid: boolean;
    errors: AslValidationError[];
    errorsText(separator?: string): string;
  }
  export default function validator(
    definition: unknown,
    options?: { checkPaths?: boolean; checkArn?: boolean },
  ): AslValidationResult;
}
