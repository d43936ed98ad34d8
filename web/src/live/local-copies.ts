// The copies of live documents kept in this browser (IndexedDB, through y-indexeddb), so edits
// made offline survive a reload. They are named with one prefix so leaving can wipe them all.

export const LOCAL_PREFIX = 'kinplan:'

/** The IndexedDB name for a document's local copy. */
export function localCopyName(document: string): string {
  return `${LOCAL_PREFIX}${document}`
}

/** Deletes every local copy of kinplan documents in this browser (on sign-out or leaving). */
export async function forgetLocalCopies(): Promise<void> {
  if (!('indexedDB' in window) || typeof indexedDB.databases !== 'function') return
  const databases = await indexedDB.databases()
  for (const database of databases) {
    if (database.name?.startsWith(LOCAL_PREFIX)) {
      // The request waits for open copies to close; nothing needs to wait for it here.
      indexedDB.deleteDatabase(database.name)
    }
  }
}
