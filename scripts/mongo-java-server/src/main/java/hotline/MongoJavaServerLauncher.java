// The hotline's embedded MongoDB-wire database: mongo-java-server on an H2
// MVStore, bound to loopback, with the oplog on so change streams work.
// Started by app/database.ts and scripts/test.js; never a production database.
package hotline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * Usage: {@code java -jar mongo-java-server.jar (--dir DIR | --memory) [--port N]
 * [--commit-delay-ms N] [--exit-on-stdin-close] [--log-level warn]}.
 *
 * <p>Prints one line, {@code ready mongodb://127.0.0.1:PORT}, on stdout once it
 * listens. SIGTERM (and, with {@code --exit-on-stdin-close}, the end of stdin,
 * which is how it notices that the process that started it died) closes the
 * clients and then the store, which writes everything still unsaved.
 */
public final class MongoJavaServerLauncher {

    /**
     * How long H2 may keep a change in memory before its background writer
     * commits it to the file. MongoDB journals every 100 ms by default, so an
     * acknowledged write survives a killed mongod after at most that long; the
     * writer wakes every delay/10 and commits once the delay has passed, so 50
     * ms keeps the worst case near 60 ms, inside MongoDB's promise. H2's own
     * default (1,000 ms) lost the last second of writes to SIGKILL.
     */
    static final int DEFAULT_COMMIT_DELAY_MS = 50;

    /**
     * Logger families kept quiet. The wire protocol and the backend log whole
     * commands, queries and values ("failed to handle {command}"), which would
     * put what workers wrote, or their hashed ids, into the hotline's log; the
     * client gets the same error as a reply anyway. The wire protocol also logs
     * every client that goes away without a goodbye (the Node driver's pool
     * does) as an error with a stack trace: no error, and it would bury real ones.
     */
    private static final String[] SILENCED_LOGGERS = {"de.bwaldvogel.mongo.wire", "de.bwaldvogel.mongo.backend"};

    private MongoJavaServerLauncher() {
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("mongo-java-server: " + e.getMessage());
            System.err.println("usage: (--dir DIR | --memory) [--port N] [--commit-delay-ms N] [--exit-on-stdin-close] [--log-level LEVEL]");
            System.exit(2);
            return;
        }
        // Read by slf4j-simple when the first logger is made, so before any server class loads.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", options.logLevel);
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        for (String logger : SILENCED_LOGGERS) System.setProperty("org.slf4j.simpleLogger.log." + logger, "off");

        MVStore store;
        try {
            store = openStore(options);
        } catch (IOException | RuntimeException e) {
            // Most often "The file is locked": another server already runs on this folder.
            System.err.println("mongo-java-server: cannot open the store: " + e.getMessage());
            System.exit(1);
            return;
        }
        MongoServer server = new MongoServer(new H2Backend(store));
        server.enableOplog();
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "mongo-java-server-shutdown"));
        server.bind("127.0.0.1", options.port);

        System.out.println("ready mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
        System.out.flush();

        if (options.exitOnStdinClose) {
            Thread watcher = new Thread(MongoJavaServerLauncher::exitWhenStdinCloses, "mongo-java-server-stdin");
            watcher.setDaemon(true);
            watcher.start();
        }
    }

    /** A file store whose changes reach the file within the commit delay, or a store in memory. */
    private static MVStore openStore(Options options) throws IOException {
        if (options.dir == null) return new MVStore.Builder().open();
        Files.createDirectories(options.dir);
        MVStore store = new MVStore.Builder()
            .fileName(options.dir.resolve("hotline.mv.db").toString())
            .backgroundExceptionHandler((thread, error) -> System.err.println("mongo-java-server: background write failed: " + error))
            .open();
        store.setAutoCommitDelay(options.commitDelayMs);
        return store;
    }

    /** The parent holds the other end of stdin; when it exits, however it dies, the pipe ends. */
    private static void exitWhenStdinCloses() {
        try {
            while (System.in.read() != -1) {
                // Nothing is ever sent; anything that is, is ignored.
            }
        } catch (IOException ignored) {
            // A broken pipe means the same as its end.
        }
        System.exit(0);
    }

    private static final class Options {
        Path dir;
        boolean memory;
        int port;
        int commitDelayMs = DEFAULT_COMMIT_DELAY_MS;
        boolean exitOnStdinClose;
        String logLevel = "warn";

        static Options parse(String[] args) {
            Options options = new Options();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--dir" -> options.dir = Path.of(value(args, ++i, "--dir")).toAbsolutePath();
                    case "--memory" -> options.memory = true;
                    case "--port" -> options.port = number(value(args, ++i, "--port"), "--port", 0, 65535);
                    case "--commit-delay-ms" -> options.commitDelayMs = number(value(args, ++i, "--commit-delay-ms"), "--commit-delay-ms", 1, 60_000);
                    case "--exit-on-stdin-close" -> options.exitOnStdinClose = true;
                    case "--log-level" -> options.logLevel = value(args, ++i, "--log-level");
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            if ((options.dir == null) == !options.memory) throw new IllegalArgumentException("give exactly one of --dir DIR and --memory");
            return options;
        }

        private static String value(String[] args, int index, String name) {
            if (index >= args.length) throw new IllegalArgumentException(name + " needs a value");
            return args[index];
        }

        private static int number(String text, String name, int min, int max) {
            try {
                int value = Integer.parseInt(text);
                if (value < min || value > max) throw new NumberFormatException();
                return value;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max);
            }
        }
    }
}
