import type { Conflict } from '../console/ports/engine-port.js';
import type { MenuItem } from '../console/components/Menu.js';
import type { Offer } from '../console/input/key-bindings.js';
import { sourcesOffered, type RepinSource, type StopMode } from '../console/state/stop-state.js';

// What each STOP question offers: the menu items, and the keys the footer lists for it.

export type Decision = 'repinOne' | 'repinAll' | 'abort' | 'leave' | 'continue' | 'home';

export function decisionItems(conflicts: readonly Conflict[]): Array<MenuItem<Decision>> {
  if (!conflicts.length) {
    return [
      { label: 'Continue to the phase', value: 'continue' },
      { label: 'Home', value: 'home' },
    ];
  }
  const sources = sourcesOffered(conflicts);
  const one = conflicts.length === 1 ? conflicts[0]!.handle : undefined;
  return [
    {
      label: one ? `Repin ${one}…` : 'Repin one handle…',
      value: 'repinOne',
      hint: one ? 'choose its value' : 'choose the handle, then its value',
    },
    ...(sources.length
      ? [
          {
            label: sources.length === 1 ? `Repin all that ${sources[0]!.source} offers…` : 'Repin all that a source offers…',
            value: 'repinAll' as const,
            hint: sources.map((s) => `${s.source}: ${s.count} handle(s)`).join(' · '),
          },
        ]
      : []),
    { label: 'Abort the run…', value: 'abort', hint: 'recorded; the registry is not changed', color: 'red' },
    { label: 'Leave', value: 'leave', hint: 'the STOP stays recorded; reopen the phase to decide' },
  ];
}

export const sourceItems = (conflicts: readonly Conflict[]): Array<MenuItem<RepinSource>> =>
  sourcesOffered(conflicts).map((s) => ({ label: s.source, value: s.source, hint: `${s.count} handle(s)` }));

/** The offered values for a handle, then "type a value" (value undefined). */
export const valueItems = (c: Conflict | undefined): Array<MenuItem<string | undefined>> =>
  c ? [...c.offers.map((o) => ({ label: o.value, value: o.value, hint: o.source })), { label: 'type a value…', value: undefined }] : [];

export const handleItems = (conflicts: readonly Conflict[]): Array<MenuItem<number>> =>
  conflicts.map((c, i) => ({ label: c.handle, value: i, hint: c.pinned === undefined ? 'PENDING PIN' : 'pinned' }));

export const CONFIRM_ABORT: Array<MenuItem<boolean>> = [
  { label: 'Abort the run', value: true, color: 'red', hint: 'the STOP is closed as aborted' },
  { label: 'Go back to the STOP', value: false },
];

const MENU: readonly Offer[] = ['up', 'down', ['select', 'choose'], 'pick'];

export function offersFor(mode: StopMode, resolved: boolean): readonly Offer[] {
  switch (mode.kind) {
    case 'decide':
      return resolved ? [...MENU, ['back', 'home']] : [...MENU, 'repinAll', 'abort', ['back', 'leave (STOP stays recorded)']];
    case 'pickHandle':
    case 'pickValue':
    case 'pickSource':
    case 'confirmAbort':
      return [...MENU, ['back', 'back']];
    case 'preview':
      return [['up', 'scroll'], 'down', ['select', 'next: rationale'], ['back', 'cancel']];
    case 'typeValue':
      return [
        ['select', 'use this value'],
        ['back', 'cancel'],
      ];
    case 'reason':
      return [
        ['select', 'apply repin'],
        ['back', 'cancel'],
      ];
    case 'abortReason':
      return [
        ['select', 'next: confirm'],
        ['back', 'cancel'],
      ];
  }
}

export const isMenu = (mode: StopMode) => ['decide', 'pickHandle', 'pickValue', 'pickSource', 'confirmAbort'].includes(mode.kind);
export const isTyping = (mode: StopMode) => ['typeValue', 'reason', 'abortReason'].includes(mode.kind);
