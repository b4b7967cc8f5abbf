package org.w2sg.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchBinWriterTest {
    @TempDir
    Path tmp;

    /** The copy reads back, tensor for tensor, exactly as the pytorch_model.bin that torch.save wrote for the fixture. */
    @Test
    void copyOfSafetensorsMatchesTheFileTorchWrote() throws Exception {
        Path dir = Fixtures.dir("gpt_neox_pythia");
        Path out = tmp.resolve("pytorch_model.bin");
        try (SafetensorsStore st = SafetensorsStore.open(dir.resolve("model.safetensors"))) {
            TorchBinWriter.copy(st, out);
        }
        try (TorchBinStore ours = TorchBinStore.open(out);
             TorchBinStore torch = TorchBinStore.open(dir.resolve("pytorch_model.bin"))) {
            assertEquals(torch.names(), ours.names());
            for (String name : torch.names()) {
                assertEquals(torch.info(name).dtype(), ours.info(name).dtype(), name);
                assertArrayEquals(torch.info(name).shape(), ours.info(name).shape(), name);
                assertArrayEquals(torch.floats(name), ours.floats(name), 0f, name);
            }
        }
    }

    @Test
    void archiveHasTorchLayoutWithAlignedStoredEntries() throws Exception {
        Path out = tmp.resolve("model_x.bin");
        new TorchBinWriter()
                .add("a", DType.F16, new long[] {3}, MemorySegment.ofArray(new short[] {0x3c00, (short) 0xc000, 0}))
                .add("b", DType.F32, new long[] {2, 2}, MemorySegment.ofArray(new float[] {1, 2, 3, 4}))
                .write(out);
        List<String> names = new ArrayList<>();
        try (ZipFile zip = ZipFile.builder().setPath(out).get()) {
            for (ZipArchiveEntry e : Collections.list(zip.getEntries())) {
                names.add(e.getName());
                assertEquals(ZipArchiveEntry.STORED, e.getMethod(), e.getName());
                if (e.getName().contains("/data/")) assertEquals(0, e.getDataOffset() % 64, e.getName());
            }
        }
        assertEquals(List.of("model_x/data.pkl", "model_x/byteorder", "model_x/data/0", "model_x/data/1",
                "model_x/version"), names);
        try (TorchBinStore store = TorchBinStore.open(out)) {
            assertArrayEquals(new float[] {1f, -2f, 0f}, store.floats("a"), 0f);
            assertArrayEquals(new float[] {1, 2, 3, 4}, store.floats("b"), 0f);
            assertArrayEquals(new long[] {2, 2}, store.info("b").shape());
        }
    }

    @Test
    void refusesBytesThatDoNotMatchTheShape() {
        var e = assertThrows(IllegalArgumentException.class, () -> new TorchBinWriter()
                .add("w", DType.F32, new long[] {2, 3}, MemorySegment.ofArray(new float[5])));
        assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("24 bytes"), e.getMessage());
    }
}
