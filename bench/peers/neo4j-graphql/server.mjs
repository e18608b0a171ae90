// The Neo4j GraphQL Library (@neo4j/graphql) on its standard server, Apollo Server, over the
// graph rightsgraph writes: the peer that bench/scale.py measures our API against.
//
//   NEO4J_URI=bolt://127.0.0.1:27700 PORT=28100 node server.mjs
//
// The type definitions read the same nodes our API reads: current ResourceState and RightState
// records, parties by id, and lineage over DERIVES_FROM|MADE_FROM, nearest depth first.
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

// The registry's today is Qinzhou's (Asia/Shanghai), as our API and the page's $today take
// it: date() alone is the server's UTC date, a day behind from 16:00 to midnight UTC.
const today = "date({timezone: 'Asia/Shanghai'})";
const visible = (v) =>
  `${v}.supersededAt IS NULL AND ${v}.validFrom <= ${today} AND (${v}.validTo IS NULL OR ${v}.validTo > ${today})`;

// Lineage to a fixed depth: Cypher cannot take a quantifier's bounds as parameters.
const upstream = (depth) => `
  MATCH (e:Entity {id: this.id})
  MATCH p = ANY SHORTEST (e)-[:DERIVES_FROM|MADE_FROM]->{1,${depth}}(m:Entity)
  WITH m, length(p) AS depth
  MATCH (m)-[:STATE]->(s) WHERE s.supersededAt IS NULL
  RETURN {depth: depth, nameZh: s.nameZh} AS node ORDER BY depth`;
const upstreamEdges = (depth) => `
  MATCH (e:Entity {id: this.id})
  OPTIONAL MATCH (e)-[:DERIVES_FROM|MADE_FROM]->{1,${depth - 1}}(m:Entity)
  WITH e, collect(DISTINCT m) AS inner
  UNWIND [e] + inner AS a
  MATCH (a)-[r:DERIVES_FROM|MADE_FROM]->(:Entity)
  RETURN {kind: r.kind, day: r.day} AS edge`;

const typeDefs = `#graphql
  type Party @node(labels: ["Party"]) {
    id: String!
    nameZh: String
    kind: String
  }

  type RightState @node(labels: ["RightState"]) {
    id: String!
    kind: String
    holderId: String
    validFrom: Date
    validTo: Date
    supersededAt: DateTime
    holder: Party @cypher(statement: "MATCH (p:Party {id: this.holderId}) RETURN p", columnName: "p")
  }

  type LineageNode {
    depth: Int!
    nameZh: String
  }

  type LineageEdge {
    kind: String
    day: Date
  }

  type ResourceState @node(labels: ["ResourceState"]) {
    id: String!
    nameZh: String
    catalogCode: String
    grade: String
    validFrom: Date
    validTo: Date
    supersededAt: DateTime
    source: Party @cypher(statement: "MATCH (p:Party {id: this.sourceId}) RETURN p", columnName: "p")
    rights: [RightState!]!
      @cypher(
        statement: "MATCH (r:RightState {objectId: this.id}) WHERE ${visible("r")} RETURN r ORDER BY r.kind, r.validFrom"
        columnName: "r"
      )
    upstream5: [LineageNode!]! @cypher(statement: """${upstream(5)}""", columnName: "node")
    upstream5Edges: [LineageEdge!]! @cypher(statement: """${upstreamEdges(5)}""", columnName: "edge")
    upstream10: [LineageNode!]! @cypher(statement: """${upstream(10)}""", columnName: "node")
    upstream10Edges: [LineageEdge!]! @cypher(statement: """${upstreamEdges(10)}""", columnName: "edge")
  }
`;

const driver = neo4j.driver(process.env.NEO4J_URI ?? "bolt://127.0.0.1:7687");
const neoSchema = new Neo4jGraphQL({ typeDefs, driver });
const server = new ApolloServer({ schema: await neoSchema.getSchema() });
const { url } = await startStandaloneServer(server, {
  listen: { host: "127.0.0.1", port: Number(process.env.PORT ?? 28100) },
});
console.log(`neo4j-graphql peer ready at ${url}`);
