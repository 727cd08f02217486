import { AttestScreen } from '../screens/AttestScreen.js';
import type { ConsolePort } from './ports/engine-port.js';
import { HistoryScreen } from '../screens/HistoryScreen.js';
import { IamGridScreen } from '../screens/IamGridScreen.js';
import { HomeScreen } from '../screens/HomeScreen.js';
import { LogbookScreen } from '../screens/LogbookScreen.js';
import { PhaseScreen } from '../screens/PhaseScreen.js';
import { StepScreen } from '../screens/StepScreen.js';
import { StopScreen } from '../screens/StopScreen.js';
import type { Flow } from './hooks/use-flow.js';
import type { PhaseController } from './hooks/use-phase-run.js';
import { VerdictScreen } from '../screens/VerdictScreen.js';

/** The current screen, wired to the flow. */
export function Routes({ port, run, flow, program }: { port: ConsolePort; run: PhaseController; flow: Flow; program: string }) {
  const { nav, go } = flow;
  const s = run.state;
  const step = nav.step ?? '';
  const phase = s.phase;
  switch (nav.screen) {
    case 'home':
      return (
        <HomeScreen
          program={program}
          load={() => port.phaseStatuses()}
          initial={port.takeFirstStatuses?.()}
          cursor={nav.homeCursor}
          onMove={(auto, delta, length) => go({ type: 'homeCursor', auto, delta, length })}
          onOpen={(id) => void flow.openPhase(id)}
          busy={s.busy}
          error={s.error}
          recheck={() => port.recheck(new AbortController().signal)}
        />
      );
    case 'logbook':
      return <LogbookScreen load={() => port.logbook(500)} verify={() => port.verifyChain()} onBack={() => go({ type: 'logbook' })} />;
    case 'history':
      return phase ? <HistoryScreen phaseId={phase.id} load={() => port.history(phase.id)} onBack={() => go({ type: 'history' })} /> : null;
    case 'grid':
      return <IamGridScreen stepId={step} results={s.results[step] ?? []} onBack={() => go({ type: 'grid' })} />;
    case 'stop':
      return (
        <StopScreen
          phaseId={phase?.id ?? ''}
          conflicts={s.conflicts}
          repins={s.repins}
          busy={s.busy}
          error={s.error}
          notice={s.notice}
          checkValue={run.checkValue}
          onDecide={(d) => void flow.decide(d)}
          onAbort={(reason) => void flow.abort(reason)}
          onContinue={() => go({ type: 'go', screen: 'phase' })}
          onLeave={() => void flow.home()}
        />
      );
    default:
      break;
  }
  if (!phase) return null;
  switch (nav.screen) {
    case 'phase':
      return (
        <PhaseScreen
          phase={phase}
          state={s}
          onOpenStep={(id) => void flow.enterStep(id)}
          onSeal={() => void flow.seal()}
          onHistory={() => go({ type: 'history' })}
          onBack={() => void flow.leavePhase(false)}
        />
      );
    case 'step':
      return (
        <StepScreen
          key={step}
          phase={phase}
          stepId={step}
          state={s}
          onNext={() => void flow.nextStep(step)}
          onRerun={() => void flow.rerunStep(step)}
          onAttest={() => go({ type: 'go', screen: 'attest', step })}
          onSeal={() => void flow.seal()}
          onConflicts={() => void flow.stopForLiveConflicts()}
          onGrid={() => go({ type: 'grid' })}
          onBack={() => go({ type: 'go', screen: 'phase' })}
        />
      );
    case 'attest':
      return (
        <AttestScreen
          phase={phase}
          stepId={step}
          busy={s.busy}
          error={s.error}
          onSubmit={(a) => void flow.submitAttestation(step, a)}
          onCancel={() => go({ type: 'go', screen: s.results[step] ? 'step' : 'phase' })}
          authority={port.authority?.()}
          results={s.results[step] ?? []}
        />
      );
    case 'verdict':
      return s.sealed ? (
        <VerdictScreen
          phase={phase}
          sealed={s.sealed}
          onHome={() => void flow.home()}
          onRunAgain={() => void flow.openPhase(phase.id)}
          onConflicts={() => go({ type: 'go', screen: 'stop' })}
        />
      ) : null;
    default:
      return null;
  }
}
