package nl.rgw.search;

import static org.codelibs.opensearch.runner.OpenSearchRunner.newConfigs;

import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * Starts one OpenSearch node on 127.0.0.1 with the given data directory and HTTP port, prints
 * READY when the cluster is usable, and runs until the process is stopped.
 * Usage: SearchNode DATA_DIR HTTP_PORT
 */
public final class SearchNode {
    private SearchNode() {}

    public static void main(String[] args) throws Exception {
        String basePath = args[0];
        int httpPort = Integer.parseInt(args[1]);
        OpenSearchRunner runner = new OpenSearchRunner();
        // The runner only probes ports up to 9299 by default; the caller picks a free port.
        runner.setMaxHttpPort(65535);
        runner.onBuild((number, settings) -> {
            settings.put("network.host", "127.0.0.1");
            settings.put("discovery.type", "single-node");
            settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
            settings.put("action.auto_create_index", false);
        }).build(newConfigs()
            .basePath(basePath)
            .numOfNode(1)
            .baseHttpPort(httpPort - 1)
            .clusterName("rgw-search")
            .printOnFailure());
        runner.ensureYellow();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                runner.close();
            } catch (Exception e) {
                // stopping anyway
            }
        }));
        System.out.println("READY http://127.0.0.1:" + httpPort);
        Thread.currentThread().join();
    }
}
