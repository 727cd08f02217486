import { Text } from 'ink';
import { cleanup, render } from 'ink-testing-library';
import { useEffect, useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { InputRouterProvider, useInputRouter, useKeyHandler } from '../../../src/console/input/input-router.js';
import { KEY, ready, waitForFrame } from '../helpers.js';

afterEach(() => cleanup());

// Keys sent back to back must each reach the screen the previous key led to, even when that
// screen's render lands a few milliseconds later (React yields while it renders on a busy
// machine, or a screen waits for a promise). Before, the router waited one turn of the event
// loop: a render later than that lost the keys to the previous screen (app-walk's flake under load).

/** A question whose answer screen appears `delay` ms after enter, like a slow render. */
function Question({ delay, onAnswer }: { delay: number; onAnswer: (text: string) => void }) {
  const [asked, setAsked] = useState(false);
  useKeyHandler((_input, key) => {
    if (key.return) setTimeout(() => setAsked(true), delay);
  }, !asked);
  return asked ? <Answer onAnswer={onAnswer} /> : <Text>press enter</Text>;
}

function Answer({ onAnswer }: { onAnswer: (text: string) => void }) {
  const [text, setText] = useState('');
  useKeyHandler((input, key) => {
    if (key.return) onAnswer(text);
    else setText((t) => t + input);
  });
  return <Text>{`why: ${text}`}</Text>;
}

function Harness({ delay, onAnswer }: { delay: number; onAnswer: (text: string) => void }) {
  const router = useInputRouter();
  const [listening, setListening] = useState(false);
  useEffect(() => void setImmediate(() => setListening(true)), []);
  return (
    <InputRouterProvider value={router}>
      <Text>{listening ? 'listening' : 'mounting'}</Text>
      <Question delay={delay} onAnswer={onAnswer} />
    </InputRouterProvider>
  );
}

describe('the input router', () => {
  it('holds keys sent back to back until the screen the previous key asked for has rendered', async () => {
    for (const delay of [0, 5, 15]) {
      const answers: string[] = [];
      const app = render(<Harness delay={delay} onAnswer={(t) => answers.push(t)} />);
      await ready(app, 'listening');
      for (const k of [KEY.enter, 'f', 'a', 's', 't', KEY.enter]) app.stdin.write(k);
      await waitForFrame(app.lastFrame, () => answers.length > 0);
      expect({ delay, answers }).toEqual({ delay, answers: ['fast'] });
      app.unmount();
    }
  });
});
