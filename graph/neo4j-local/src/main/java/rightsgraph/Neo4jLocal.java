package rightsgraph;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;

/**
 * Runs an embedded Neo4j 5 Community DBMS with its Bolt connector on loopback,
 * for local development and the test suite. It is a real Neo4j: the same
 * kernel, Cypher runtime, Bolt server and full-text indexes as the server
 * distribution, opened in this JVM.
 *
 * Options (each also readable from the environment variable in brackets):
 *   --home DIR        data folder, created if missing   [NEO4J_LOCAL_HOME]  .data/neo4j
 *   --port N          Bolt port on 127.0.0.1            [NEO4J_LOCAL_PORT]  7687
 *   --pagecache-mb N  page cache size in MiB            [NEO4J_LOCAL_PAGECACHE_MB] 512
 * Heap is the JVM's own: pass -Xms/-Xmx to java.
 *
 * Prints one line "rightsgraph-neo4j ready bolt://127.0.0.1:PORT" when Bolt
 * accepts connections, and shuts the DBMS down cleanly on SIGTERM or SIGINT.
 */
public final class Neo4jLocal {
    private Neo4jLocal() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of(option(args, "--home", "NEO4J_LOCAL_HOME", ".data/neo4j")).toAbsolutePath();
        int port = Integer.parseInt(option(args, "--port", "NEO4J_LOCAL_PORT", "7687"));
        long pageCacheMb = Long.parseLong(option(args, "--pagecache-mb", "NEO4J_LOCAL_PAGECACHE_MB", "512"));
        Files.createDirectories(home);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                // Bolt is off in embedded mode unless enabled.
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.default_advertised_address, new SocketAddress("127.0.0.1"))
                // The routing listener would claim 7688 and collide with a second instance.
                .setConfig(GraphDatabaseSettings.routing_enabled, false)
                // Without a bound, the page cache takes half of the machine's RAM.
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCacheMb * 1024L * 1024L)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofMinutes(5))
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Bolt waits 5 s for connections and 5 s for its thread pool on
                // shutdown; a local instance has nothing to drain for that long.
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("rightsgraph-neo4j stopping");
            dbms.shutdown();
            System.out.println("rightsgraph-neo4j stopped");
            System.out.flush();
            stopped.countDown();
        }, "neo4j-shutdown"));

        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(Duration.ofMinutes(2).toMillis())) {
            System.err.println("rightsgraph-neo4j: database did not become available");
            System.exit(1);
        }
        System.out.println("rightsgraph-neo4j ready bolt://127.0.0.1:" + port + " home=" + home);
        System.out.flush();
        stopped.await();
    }

    private static String option(String[] args, String flag, String env, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(flag)) {
                return args[i + 1];
            }
        }
        String fromEnv = System.getenv(env);
        return fromEnv == null || fromEnv.isBlank() ? fallback : fromEnv;
    }
}
