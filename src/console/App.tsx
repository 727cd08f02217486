import { Box, useApp } from 'ink';
import { useEffect, useMemo, useRef } from 'react';
import type { ConsolePort } from './ports/engine-port.js';
import { FOOTER_ROWS } from './components/Footer.js';
import { Header, HEADER_ROWS } from './components/Header.js';
import { InputRouterProvider, useInputRouter, useKeyHandler } from './input/input-router.js';
import { BINDINGS, type Action } from './input/key-bindings.js';
import { BodySize, useWindowSize } from './components/layout.js';
import { Overlays } from './components/Overlays.js';
import { Routes } from './Routes.js';
import { KeyScope } from './components/screen-frame.js';
import { ThemeContext, type Theme } from './theme/theme.js';
import { consoleFace, FaceContext } from './ports/console-face.js';
import { useAsync } from './hooks/use-async.js';
import { useFlow } from './hooks/use-flow.js';
import { usePhaseRun } from './hooks/use-phase-run.js';

export interface AppProps {
  port: ConsolePort;
  theme?: Theme;
  /** Called once with the exit code just before the app unmounts. */
  onExit: (code: number) => void;
  /** Aborted on SIGTERM/SIGHUP: handled like Ctrl-C. */
  terminate?: AbortSignal;
}

/** The console: header, the current screen, overlays, and the keys that work everywhere. */
export function App({ port, theme = { color: true }, onExit, terminate }: AppProps) {
  const { columns, rows } = useWindowSize();
  const app = useApp();
  const router = useInputRouter();
  const run = usePhaseRun(port);
  const flow = useFlow(run);
  const { nav, go } = flow;
  const info = useMemo(() => port.info(), [port]);
  // Bounded by the session's AWS timeouts; quitting closes the session, which aborts it at once.
  const identity = useAsync(() => port.identity(new AbortController().signal));
  const face = useMemo(() => consoleFace(port.shellCommand?.bind(port)), [port]);
  const s = run.state;
  const inFlight = !!s.busy || (!!s.phase && !s.sealed);

  const exit = (code: number) => {
    onExit(code);
    app.exit();
  };
  const interruptAndExit = async () => exit((await run.interrupt()) ? 130 : 0);

  // Raw mode delivers Ctrl-C as a key: cancel checks, wait for writes, record, exit 130.
  const onInterrupt = () => {
    if (s.interrupting) return exit(130); // a second Ctrl-C: leave without waiting
    if (inFlight) void interruptAndExit();
    else exit(0);
  };
  useKeyHandler((input, key) => void (BINDINGS.interrupt.match(input, key) && onInterrupt()), true, router);
  const latestInterrupt = useRef(onInterrupt);
  useEffect(() => {
    latestInterrupt.current = onInterrupt;
  });
  useEffect(() => {
    const onTerminate = () => latestInterrupt.current();
    if (terminate?.aborted) return onTerminate();
    terminate?.addEventListener('abort', onTerminate, { once: true });
    return () => terminate?.removeEventListener('abort', onTerminate);
  }, [terminate]);

  const onGlobal = (a: Action) => {
    if (a === 'help') go({ type: 'overlay', overlay: 'help' });
    if (a === 'logbook') go({ type: 'logbook' });
    if (a === 'quit') {
      if (inFlight) go({ type: 'overlay', overlay: 'quit' });
      else exit(0);
    }
  };
  const body = { columns, rows: Math.max(6, rows - 1 - HEADER_ROWS - FOOTER_ROWS) };
  const phaseId = s.phase?.id ?? s.opening;
  const closeOverlay = () => go({ type: 'overlay', overlay: null });

  return (
    <InputRouterProvider value={router}>
      <FaceContext.Provider value={face}>
        <ThemeContext.Provider value={theme}>
          <Box flexDirection="column" width={columns}>
            <Header info={info} operator={s.operator ?? identity.value} phase={phaseId} columns={columns} />
            <BodySize.Provider value={body}>
              <KeyScope.Provider value={{ active: !nav.overlay && !s.interrupting, onGlobal }}>
                <Box display={nav.overlay ? 'none' : 'flex'} flexDirection="column">
                  <Routes port={port} run={run} flow={flow} program={info.program} />
                </Box>
              </KeyScope.Provider>
              <Overlays
                nav={nav}
                phaseId={phaseId}
                onClose={closeOverlay}
                onQuit={() => void interruptAndExit()}
                onLeave={() => void flow.leavePhase(true)}
              />
            </BodySize.Provider>
          </Box>
        </ThemeContext.Provider>
      </FaceContext.Provider>
    </InputRouterProvider>
  );
}
