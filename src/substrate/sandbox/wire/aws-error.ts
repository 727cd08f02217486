// An AWS service error as a value. Handlers throw it; the protocol layer renders it in the wire
// format of the service being called (Query XML or JSON 1.1).

export class AwsServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    /** Query protocol <Type>: Sender for caller mistakes, Receiver for service faults. */
    readonly type: 'Sender' | 'Receiver' = status >= 500 ? 'Receiver' : 'Sender',
  ) {
    super(message);
    this.name = 'AwsServiceError';
  }
}

/** The message AWS uses when a required member is missing, e.g. `roleName`. */
export function missingParameter(member: string): AwsServiceError {
  return new AwsServiceError(
    'ValidationError',
    `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    400,
  );
}
