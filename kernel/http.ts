// What the server's body reader (app/bodyReader.ts) leaves on a request, for
// the routes of every layer to read without importing the composition root.

/** What the reader leaves on the request for the routes. */
export interface ReadBody {
  /** The exact bytes that arrived (signatures are checked over these). */
  rawBody?: Buffer;
  /** Parsed JSON, when the request says it is JSON and the path is not raw. */
  body?: unknown;
}
