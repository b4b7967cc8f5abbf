package org.w2sg.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w2sg.hub.WeightFormat;
import org.w2sg.weights.TorchArchive.Pickle;

/** Hand-made torch.save archives: strided views, compressed entries, and every way such a file can be bad. */
class MalformedTorchBinTest {
    @TempDir
    Path tmp;

    private static void assertMessage(Executable open, String... parts) {
        WeightsException e = assertThrows(WeightsException.class, open);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message lacks '" + part + "': " + e.getMessage());
        }
    }

    private static byte[] f32(float... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) b.putFloat(x);
        return b.array();
    }

    private static byte[] f16(float... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) b.putShort(Float.floatToFloat16(x));
        return b.array();
    }

    private static float[] range(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = i;
        return v;
    }

    /** An OrderedDict state dict (with _metadata state, as torch.save(model.state_dict()) writes) of strided views. */
    private Path viewsArchive(boolean compress) throws IOException {
        Pickle p = new Pickle().proto(2).global("collections", "OrderedDict").emptyTuple().reduce().mark();
        p.str("transposed").tensor("FloatStorage", "0", 12, 2, new long[] {2, 3}, new long[] {1, 2});
        p.str("every_third").tensor("FloatStorage", "0", 12, 1, new long[] {3}, new long[] {3});
        p.str("tail_rows").tensor("FloatStorage", "0", 12, 6, new long[] {2, 3}, new long[] {3, 1});
        p.str("half_cols").tensor("HalfStorage", "1", 8, 0, new long[] {2, 2}, new long[] {4, 2});
        p.str("scalar").tensor("FloatStorage", "0", 12, 11, new long[] {}, new long[] {});
        p.str("param").global("torch._utils", "_rebuild_parameter").mark()
                .tensor("FloatStorage", "0", 12, 0, new long[] {4}, new long[] {1}).op(0x88)
                .global("collections", "OrderedDict").emptyTuple().reduce().tuple().reduce();
        p.str("gpt_neox.layers.0.attention.bias").tensor("FloatStorage", "0", 12, 0, new long[] {1}, new long[] {1});
        p.str("gpt_neox.layers.0.attention.masked_bias").tensor("FloatStorage", "0", 12, 0, new long[] {1}, new long[] {1});
        p.str("gpt_neox.layers.0.attention.rotary_emb.inv_freq").tensor("FloatStorage", "0", 12, 0, new long[] {1}, new long[] {1});
        p.setitems();
        p.emptyDict().str("_metadata").emptyDict().op('s').op('b'); // BUILD with {'_metadata': {}}
        p.stop();
        Path file = tmp.resolve(compress ? "deflated.bin" : "archive.bin");
        new TorchArchive("archive").pickle(p).storage("0", f32(range(12))).storage("1", f16(range(8))).write(file, compress);
        return file;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void stridedViewsAreGatheredInCOrder(boolean compress) throws IOException {
        try (TorchBinStore s = TorchBinStore.open(viewsArchive(compress))) {
            assertEquals(Set.of("transposed", "every_third", "tail_rows", "half_cols", "scalar", "param"), s.names());
            assertArrayEquals(new float[] {2, 4, 6, 3, 5, 7}, s.floats("transposed"));
            assertArrayEquals(new long[] {2, 3}, s.info("transposed").shape());
            assertArrayEquals(new float[] {1, 4, 7}, s.floats("every_third"));
            assertArrayEquals(new float[] {6, 7, 8, 9, 10, 11}, s.floats("tail_rows"));
            assertArrayEquals(new float[] {0, 2, 4, 6}, s.floats("half_cols"));
            assertEquals(DType.F16, s.info("half_cols").dtype());
            assertArrayEquals(new float[] {11}, s.floats("scalar"));
            assertArrayEquals(new float[] {0, 1, 2, 3}, s.floats("param"));
            assertEquals(12 * 4 + 8 * 2, s.storedBytes());
        }
    }

    @Test
    void forbiddenGlobalIsRefusedByName() throws IOException {
        Pickle p = new Pickle().proto(2).global("posix", "system").str("echo pwned").op(0x85).reduce().stop();
        Path file = tmp.resolve("evil.bin");
        new TorchArchive("evil").pickle(p).write(file, false);
        assertMessage(() -> TorchBinStore.open(file), file.toString(), "refusing to load global posix.system");
    }

    @Test
    void forbiddenStackGlobalIsRefusedByName() throws IOException {
        Pickle p = new Pickle().proto(4).shortStr("builtins").shortStr("eval").op(0x93)
                .shortStr("1+1").op(0x85).reduce().stop();
        Path file = tmp.resolve("evil4.bin");
        new TorchArchive("archive").pickle(p).write(file, false);
        assertMessage(() -> TorchBinStore.open(file), file.toString(), "refusing to load global builtins.eval");
    }

    @Test
    void forbiddenGlobalInsideATensor() throws IOException {
        Pickle p = new Pickle().proto(2).emptyDict().str("w")
                .tensor("FloatStorage", "0", 1, 0, new long[] {1}, new long[] {1}).op('s').stop();
        byte[] bytes = p.bytes();
        byte[] evil = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace("collections\nOrderedDict", "subprocess\nPopen")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Path file = tmp.resolve("hooks.bin");
        new TorchArchive("archive").pickle(new Pickle().op(toInts(evil))).storage("0", f32(1)).write(file, false);
        assertMessage(() -> TorchBinStore.open(file), file.toString(), "subprocess.Popen");
    }

    private static int[] toInts(byte[] b) {
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) out[i] = b[i] & 0xff;
        return out;
    }

    @Test
    void truncatedFixture() throws IOException {
        byte[] all = Files.readAllBytes(Fixtures.dir("gpt_neox_pythia").resolve("pytorch_model.bin"));
        Path file = tmp.resolve("pytorch_model.bin");
        Files.write(file, Arrays.copyOf(all, all.length / 2));
        assertMessage(() -> TorchBinStore.open(file), file.toString(), "truncated");
        Files.write(file, Arrays.copyOf(all, 3));
        assertMessage(() -> TorchBinStore.open(file), file.toString(), "truncated");
    }

    @Test
    void truncatedPickle() throws IOException {
        Pickle p = new Pickle().proto(2).emptyDict().str("w")
                .tensor("FloatStorage", "0", 1, 0, new long[] {1}, new long[] {1}).op('s').stop();
        byte[] cut = Arrays.copyOf(p.bytes(), p.bytes().length - 10);
        Path file = tmp.resolve("cut.bin");
        new TorchArchive("archive").pickle(new Pickle().op(toInts(cut))).storage("0", f32(1)).write(file, false);
        assertMessage(() -> TorchBinStore.open(file), file.toString(), "data.pkl", "truncated");
    }

    @Test
    void storageShorterThanThePickleSays() throws IOException {
        Pickle p = new Pickle().proto(2).emptyDict().str("w")
                .tensor("FloatStorage", "0", 100, 0, new long[] {10, 10}, new long[] {10, 1}).op('s').stop();
        Path file = tmp.resolve("short.bin");
        new TorchArchive("archive").pickle(p).storage("0", f32(range(10))).write(file, false);
        assertMessage(() -> TorchBinStore.open(file), file.toString(), "'w'", "400 bytes", "40 bytes");
    }

    @Test
    void viewPastTheStorage() throws IOException {
        Pickle p = new Pickle().proto(2).emptyDict().str("w")
                .tensor("FloatStorage", "0", 10, 5, new long[] {2, 3}, new long[] {3, 1}).op('s').stop();
        Path file = tmp.resolve("view.bin");
        new TorchArchive("archive").pickle(p).storage("0", f32(range(10))).write(file, false);
        assertMessage(() -> TorchBinStore.open(file), file.toString(), "'w'", "element 10", "10 elements");
    }

    @Test
    void missingStorageEntry() throws IOException {
        Pickle p = new Pickle().proto(2).emptyDict().str("w")
                .tensor("HalfStorage", "7", 4, 0, new long[] {4}, new long[] {1}).op('s').stop();
        Path file = tmp.resolve("nodata.bin");
        new TorchArchive("nodata").pickle(p).write(file, false);
        assertMessage(() -> TorchBinStore.open(file), file.toString(), "'w'", "nodata/data/7");
    }

    @Test
    void nonTensorEntry() throws IOException {
        Pickle p = new Pickle().proto(2).emptyDict().str("epoch").integer(3).op('s').stop();
        Path file = tmp.resolve("ckpt.bin");
        new TorchArchive("archive").pickle(p).write(file, false);
        assertMessage(() -> TorchBinStore.open(file), file.toString(), "'epoch'", "not a tensor");
    }

    @Test
    void legacyAndForeignFiles() throws IOException {
        Path legacy = tmp.resolve("old.bin");
        Files.write(legacy, new byte[] {(byte) 0x80, 2, (byte) 0x8a, 10, 0, 0});
        assertMessage(() -> TorchBinStore.open(legacy), legacy.toString(), "legacy");
        Path text = tmp.resolve("notes.bin");
        Files.writeString(text, "hello world");
        assertMessage(() -> TorchBinStore.open(text), text.toString(), "not a torch.save zip archive");
    }

    @Test
    void integerTensorReportsItsType() throws IOException {
        Pickle p = new Pickle().proto(2).emptyDict().str("position_ids")
                .tensor("LongStorage", "0", 2, 0, new long[] {2}, new long[] {1}).op('s').stop();
        Path file = tmp.resolve("ints.bin");
        new TorchArchive("archive").pickle(p).storage("0", new byte[16]).write(file, false);
        try (TorchBinStore s = TorchBinStore.open(file)) {
            assertEquals(DType.I64, s.info("position_ids").dtype());
            assertMessage(() -> s.float32("position_ids"), file.toString(), "'position_ids'", "I64");
            assertMessage(() -> s.info("position_id"), file.toString(), "similar names: position_ids");
        }
    }

    @Test
    void missingBinShard() throws IOException {
        Path dir = tmp.resolve("ckpt");
        Files.createDirectories(dir);
        Files.copy(Fixtures.dir("gpt_neox_sequential").resolve("pytorch_model.bin.index.json"),
                dir.resolve("pytorch_model.bin.index.json"));
        Files.copy(Fixtures.dir("gpt_neox_sequential").resolve("pytorch_model-00001-of-00002.bin"),
                dir.resolve("pytorch_model-00001-of-00002.bin"));
        assertMessage(() -> Weights.open(dir, WeightFormat.AUTO), "pytorch_model.bin.index.json",
                "pytorch_model-00002-of-00002.bin", "does not exist");
    }
}
