import { Box, Text, useApp } from 'ink';
import { useEffect, useState } from 'react';
import type { SessionOptions } from '../session/session.js';
import { SUBSTRATE_STYLE } from '../core/status-style.js';
import { App } from './App.js';
import type { ConsolePort } from './ports/engine-port.js';
import { Header } from './components/Header.js';
import { InputRouterProvider, useInputRouter, useKeyHandler } from './input/input-router.js';
import { BINDINGS } from './input/key-bindings.js';
import { useWindowSize } from './components/layout.js';
import { Busy } from './components/Spinner.js';
import { ThemeContext, type Theme } from './theme/theme.js';

export interface BootProps {
  options: SessionOptions;
  /** The session being opened (sandbox emulator, program load); started before the first frame. */
  opening: Promise<ConsolePort>;
  theme: Theme;
  onExit: (code: number) => void;
  onFail: (err: unknown) => void;
  terminate?: AbortSignal;
  /** The plain phase table the CLI drew first: shown until the console's own, so nothing flickers away. */
  preview?: readonly string[];
}

/** The port, holding the phase statuses it read once for the home screen's first frame. */
async function withFirstStatuses(port: ConsolePort): Promise<ConsolePort> {
  let first = await port.phaseStatuses().catch(() => undefined); // an error shows when home loads again
  return {
    ...port,
    takeFirstStatuses() {
      const taken = first;
      first = undefined;
      return taken;
    },
  };
}

/** The first frame, drawn while the session opens; then the console. */
export function Boot({ options, opening, theme, onExit, onFail, terminate, preview = [] }: BootProps) {
  const [port, setPort] = useState<ConsolePort>();
  const { columns } = useWindowSize();
  const app = useApp();
  const router = useInputRouter();
  useEffect(() => {
    // The home screen's first frame is the table, not a spinner: read it before switching over.
    opening.then(withFirstStatuses).then(setPort, (err) => {
      onFail(err);
      app.exit();
    });
    // Once per opening: the callbacks are the caller's and must not re-subscribe (onFail would run twice).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opening]);
  // SIGTERM/SIGHUP (a closed terminal) before the console is up: nothing was started, leave now.
  useEffect(() => {
    if (port || !terminate) return;
    const leave = () => {
      onExit(0);
      app.exit();
    };
    if (terminate.aborted) return leave();
    terminate.addEventListener('abort', leave, { once: true });
    return () => terminate.removeEventListener('abort', leave);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- onExit/app are fixed for the console's life
  }, [port, terminate]);
  useKeyHandler(
    (input, key) => {
      if (port || !BINDINGS.interrupt.match(input, key)) return;
      onExit(0); // nothing was started yet: leave at once
      app.exit();
    },
    true,
    router,
  );
  if (port) return <App port={port} theme={theme} onExit={onExit} terminate={terminate} />;
  const info = { env: options.env, substrate: options.substrate, region: options.region ?? '…', program: '' };
  return (
    <InputRouterProvider value={router}>
      <ThemeContext.Provider value={theme}>
        <Box flexDirection="column" width={columns}>
          <Header info={info} columns={columns} />
          <Busy label={SUBSTRATE_STYLE[options.substrate].opening} />
          {preview.map((line, i) => (
            <Text key={i} wrap="truncate-end">
              {line}
            </Text>
          ))}
        </Box>
      </ThemeContext.Provider>
    </InputRouterProvider>
  );
}
