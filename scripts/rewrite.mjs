// Exact-text edits of a dependency's file as the build bundles it (scripts/build.mjs,
// scripts/lazy-builtins.mjs). Each edit must find its text: when a new version of the library no
// longer contains it, the build fails and names the file, rather than silently bundling the original.
export function rewrite(file, contents, edits) {
  for (const [from, to] of edits) {
    if (!contents.includes(from))
      throw new Error(
        `build: ${file} no longer contains ${JSON.stringify(from)}; see the edits of it in scripts/build.mjs or scripts/lazy-builtins.mjs`,
      );
    contents = contents.replace(from, to);
  }
  return contents;
}
