import { stat } from "node:fs/promises";

/** True when `p` names anything on disk (file, folder, or a link to one). */
export function pathExists(p: string): Promise<boolean> {
  return stat(p).then(() => true, () => false);
}
