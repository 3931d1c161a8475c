// The desk's queue of check-ins not yet answered by the server, kept in IndexedDB (through
// the vendored idb) so that a reload or a closed tab loses none. Items keep their order
// (an auto-increment key) and their original nonce; one is removed only once answered.
(function () {
  "use strict";
  const DB_NAME = "povertyprog-desk";
  const STORE = "check-ins";
  let opened = null;

  function db() {
    if (!opened) {
      opened = window.idb.openDB(DB_NAME, 1, {
        upgrade(database) {
          database.createObjectStore(STORE, { keyPath: "seq", autoIncrement: true });
        },
      });
    }
    return opened;
  }

  window.OfflineQueue = {
    async add(item) {
      return (await db()).add(STORE, item);
    },
    async all() {
      return (await db()).getAll(STORE); // in key order: the order they were scanned
    },
    async remove(seq) {
      return (await db()).delete(STORE, seq);
    },
    async count() {
      return (await db()).count(STORE);
    },
  };
})();
