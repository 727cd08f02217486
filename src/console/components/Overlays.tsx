import { ConfirmOverlay } from './ConfirmOverlay.js';
import { HelpOverlay } from './HelpOverlay.js';
import type { NavState } from '../state/nav-state.js';

/** Whatever sits on top of the current screen: help, or a question that must be answered. */
export function Overlays({
  nav,
  phaseId,
  onClose,
  onQuit,
  onLeave,
}: {
  nav: NavState;
  phaseId?: string;
  onClose: () => void;
  onQuit: () => void;
  onLeave: () => void;
}) {
  switch (nav.overlay) {
    case 'help':
      return <HelpOverlay screen={nav.screen} onClose={onClose} />;
    case 'quit':
      return (
        <ConfirmOverlay
          title={`Quit while ${phaseId ?? 'a run'} is in flight?`}
          detail="Running checks are cancelled, nothing is sealed, and the logbook records the interrupt (exit 130)."
          onYes={onQuit}
          onNo={onClose}
        />
      );
    case 'leave':
      return (
        <ConfirmOverlay
          title={`Leave ${phaseId ?? 'the phase'} without sealing a verdict?`}
          detail="Its results are not sealed; the logbook records that the run was interrupted. Seal first (s) to keep them as evidence."
          onYes={onLeave}
          onNo={onClose}
        />
      );
    default:
      return null;
  }
}
