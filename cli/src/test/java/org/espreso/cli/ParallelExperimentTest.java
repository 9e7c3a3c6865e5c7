package org.espreso.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.espreso.core.TestData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code experiment --parallel 2 --threads 1} runs two cells' estimates at once on two cores, and every cell's result
 * is the one {@code --parallel 1} gives: a cell's shards, seeds and BLAS settings are its own.
 */
@Tag("slow")
class ParallelExperimentTest {
    @TempDir
    Path dir;

    @Test
    void cellsDoNotDependOnParallel() throws Exception {
        Path config = dir.resolve("t1.yaml");
        Files.writeString(config, """
                experiment: table1
                images:
                  - {name: slab, path: COLIN, crop: {start: [34, 40, 40], size: [112, 136, 64]}}
                grid:
                  profiles: [{kind: gaussian, fwhm_mm: [3, 5]}]
                  scales: [4]
                estimator: {preset: release, overrides: {iterations: "40", batchSize: "16"}}
                seeds: [1]
                """.replace("COLIN", TestData.colin27().toString()));
        Map<String, JsonNode> one = run(config, "1"), two = run(config, "2");
        assertEquals(2, one.size());
        assertEquals(one, two, "the same metrics, to the last bit, with one or two cells learning at once");
    }

    private Map<String, JsonNode> run(Path config, String parallel) throws Exception {
        Path out = dir.resolve("p" + parallel);
        CliRunner r = CliRunner.run("--threads", "1", "experiment", config.toString(), "-o", out.toString(), "--parallel", parallel);
        assertEquals(0, r.code(), r.err());
        Map<String, JsonNode> cells = new TreeMap<>();
        for (JsonNode c : new ObjectMapper().readTree(out.resolve("cells.json").toFile()).get("cells")) {
            cells.put(c.get("column").asText(), c.get("metrics"));
        }
        return cells;
    }
}
