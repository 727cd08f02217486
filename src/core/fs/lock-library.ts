import lockfile from 'proper-lockfile';

// proper-lockfile, behind a module of gatewalk's own: the commands that write import this lazily
// (status and validate never load it). The build bundles the library into this module's chunk, and
// the import of a bundled CommonJS module by its package name would give only its `default`.
export const { lock } = lockfile;
