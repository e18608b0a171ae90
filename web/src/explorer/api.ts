// A small GraphQL client over fetch for the typed documents of src/generated.
import type { TypedDocumentString } from "../generated/graphql";

export interface GraphQLErrorItem {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly errors: GraphQLErrorItem[],
  ) {
    super(message);
  }

  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

export interface Answer<T> {
  data: T | null;
  errors: GraphQLErrorItem[];
}

const ENDPOINT = "/graphql";

/** Posts one operation; answers data and errors (GraphQL errors come with HTTP 200). */
export async function call<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  token: string | null,
): Promise<Answer<TResult>> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json",
  };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(ENDPOINT, {
    method: "POST",
    headers,
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  let body: { data?: TResult | null; errors?: GraphQLErrorItem[] };
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`HTTP ${response.status}`, response.status, []);
  }
  if (response.status !== 200) {
    const errors = body.errors ?? [];
    throw new ApiError(errors[0]?.message ?? `HTTP ${response.status}`, response.status, errors);
  }
  return { data: body.data ?? null, errors: body.errors ?? [] };
}

/** Like `call`, but any error is thrown: for answers that are all or nothing. */
export async function query<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  token: string | null,
): Promise<TResult> {
  const answer = await call(document, variables, token);
  if (answer.errors.length || !answer.data) {
    const first = answer.errors[0];
    throw new ApiError(first?.message ?? "no data", 200, answer.errors);
  }
  return answer.data;
}

/** Like `query`, but fields this role may not read come back empty instead of failing the
 * whole answer (a viewer's lineage has no rights on its hops). */
export async function readable<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  token: string | null,
): Promise<TResult> {
  const answer = await call(document, variables, token);
  const other = answer.errors.filter((e) => e.extensions?.code !== "FORBIDDEN");
  if (other.length || !answer.data) {
    const first = other[0] ?? answer.errors[0];
    throw new ApiError(first?.message ?? "no data", 200, answer.errors);
  }
  return answer.data;
}
