const TAG_REF = /^v?\d+(\.\d+)*([-+][0-9A-Za-z.+-]+)?$/i;

export type VersionFromRefOptions = { ref: string | null | undefined; shortSha: string };

/**
 * The version a deploy shows: the ref when it names a tag (`v2.14.0`, `2.14.0-rc.1`, `v42`, or anything under
 * `refs/tags/`), else the commit's short sha. Branch names say nothing about what was deployed, so `main` gives the
 * sha.
 *
 * @example versionFromRef({ ref: 'refs/tags/v2.14.0', shortSha: '9fceb02' }) // 'v2.14.0'
 * @example versionFromRef({ ref: 'main', shortSha: '9fceb02' }) // '9fceb02'
 */
export const versionFromRef = ({ ref, shortSha }: VersionFromRefOptions): string => {
  if (ref === undefined || ref === null) return shortSha;
  if (ref.startsWith('refs/tags/') && ref.length > 'refs/tags/'.length) return ref.slice('refs/tags/'.length);
  return TAG_REF.test(ref) ? ref : shortSha;
};
