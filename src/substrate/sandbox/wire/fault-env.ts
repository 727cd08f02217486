/** The variable that names faults for the sandbox to inject (a JSON list; see fault-spec.ts). */
export const FAULTS_ENV = 'GATEWALK_SANDBOX_FAULTS';
