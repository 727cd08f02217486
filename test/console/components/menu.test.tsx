import { Text } from 'ink';
import SelectInput from 'ink-select-input';
import { cleanup, render } from 'ink-testing-library';
import { useEffect, useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { Menu, type MenuItem } from '../../../src/console/components/Menu.js';
import { InputRouterProvider, useInputRouter } from '../../../src/console/input/input-router.js';
import { KEY, ready, waitForFrame } from '../helpers.js';

afterEach(() => cleanup());

const ITEMS: Array<MenuItem<string>> = ['alpha', 'bravo', 'charlie', 'delta', 'echo'].map((v) => ({ label: v, value: v }));

function Harness({ items = ITEMS, limit }: { items?: Array<MenuItem<string>>; limit?: number }) {
  const router = useInputRouter();
  const [picked, setPicked] = useState<string[]>([]);
  // Ink subscribes to stdin in an effect: this one runs after it, so "listening" means keys arrive.
  const [listening, setListening] = useState(false);
  useEffect(() => void setImmediate(() => setListening(true)), []);
  return (
    <InputRouterProvider value={router}>
      <Text>{listening ? 'listening' : 'mounting'}</Text>
      <Menu items={items} limit={limit} onSelect={(v) => setPicked((p) => [...p, v])} />
      <Text>{`picked: ${picked.join(',') || '-'}`}</Text>
    </InputRouterProvider>
  );
}

/** ink-select-input reading keys itself, as its README shows it. */
function Plain() {
  const [picked, setPicked] = useState<string[]>([]);
  const [listening, setListening] = useState(false);
  useEffect(() => void setImmediate(() => setListening(true)), []);
  return (
    <>
      <Text>{listening ? 'listening' : 'mounting'}</Text>
      <SelectInput items={ITEMS} onSelect={(i) => setPicked((p) => [...p, i.value])} />
      <Text>{`picked: ${picked.join(',') || '-'}`}</Text>
    </>
  );
}

describe('Menu (ink-select-input drawn, keys through the input router)', () => {
  it('keys written back to back all count: j j enter picks the third item', async () => {
    const app = render(<Harness />);
    await ready(app, 'listening');
    app.stdin.write('j');
    app.stdin.write('j');
    app.stdin.write(KEY.enter);
    expect(await waitForFrame(app.lastFrame, (f) => !f.includes('picked: -'))).toContain('picked: charlie');
  });

  it('arrows, key repeat in one read, and enter right after: down down up = second; jjj⏎ as one write = fourth', async () => {
    const app = render(<Harness />);
    await ready(app, 'listening');
    app.stdin.write(KEY.down);
    app.stdin.write(KEY.down);
    app.stdin.write(KEY.up);
    app.stdin.write(KEY.enter);
    await waitForFrame(app.lastFrame, (f) => f.includes('picked: bravo'));
    app.stdin.write('jj');
    app.stdin.write(KEY.enter);
    expect(await waitForFrame(app.lastFrame, (f) => f.includes('picked: bravo,delta'))).toContain('› 4 delta');
  });

  it('1-9 pick by number; the cursor stops at the ends', async () => {
    const app = render(<Harness />);
    await ready(app, 'listening');
    app.stdin.write('5');
    app.stdin.write('k');
    app.stdin.write('k');
    app.stdin.write(KEY.enter);
    await waitForFrame(app.lastFrame, (f) => f.includes('picked: echo,charlie'));
    for (let i = 0; i < 7; i++) app.stdin.write('k');
    app.stdin.write(KEY.enter);
    await waitForFrame(app.lastFrame, (f) => f.includes('picked: echo,charlie,alpha'));
  });

  it('a long list scrolls within its limit and says where the cursor is', async () => {
    const many = Array.from({ length: 14 }, (_, i) => ({ label: `item-${i}`, value: `v${i}` }));
    const app = render(<Harness items={many} limit={4} />);
    const first = await ready(app, 'listening');
    expect(first).not.toContain('item-4');
    expect(first).toContain('1 of 14');
    for (let i = 0; i < 10; i++) app.stdin.write('j');
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('11 of 14'));
    expect(frame).toContain('› item-10');
    expect(frame).not.toContain('item-0');
    app.stdin.write(KEY.enter);
    await waitForFrame(app.lastFrame, (f) => f.includes('picked: v10'));
  });

  it('(the library alone drops them: the reason for the router) j j enter picks the second item, not the third', async () => {
    const app = render(<Plain />);
    await ready(app, 'listening');
    app.stdin.write('j');
    app.stdin.write('j');
    app.stdin.write(KEY.enter);
    const frame = await waitForFrame(app.lastFrame, (f) => !f.includes('picked: -'));
    expect(frame).not.toContain('picked: charlie');
  });
});
