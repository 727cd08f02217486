import type { SandboxState } from '../state/state.js';
import type { XmlObject } from './xml.js';

/** One Query action: reads form parameters (and the region signed for), returns the <ActionResult> content, or throws AwsServiceError. */
export type QueryHandler = (state: SandboxState, params: URLSearchParams, region?: string) => Promise<XmlObject | undefined>;
