import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import type { Workspace } from '../../src/core/workspace.js';

// A workspace of env shop_stage (the shop fixture, not the shipped program) in `root`, with a copy
// of the fixture's registry to repin: what the recovery tests (reconcile) settle decisions in.

const REGISTRY = path.resolve(import.meta.dirname, '../fixtures/programs/shop/registry/shop_stage.yaml');

export async function shopWorkspace(root: string): Promise<Workspace> {
  const registryPath = path.join(root, 'shop_stage.yaml');
  await copyFile(REGISTRY, registryPath);
  return {
    root,
    env: 'shop_stage',
    substrate: 'sandbox',
    documentsRoot: '',
    registryPath,
    evidenceRoot: path.join(root, 'evidence'),
    logbookPath: path.join(root, 'logbook.jsonl'),
    implActualPath: path.join(root, 'impl_actual.md'),
    terraformPaths: {},
  };
}
