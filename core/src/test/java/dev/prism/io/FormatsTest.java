package dev.prism.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormatsTest {

    @TempDir
    Path dir;

    private static Tensor sample() {
        return new Tensor(new long[] {2, 3}, new float[] {1, -2, 3.5f, 0, 1e-3f, 7});
    }

    @Test
    void npyRoundTrip() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(sample(), out);
        assertThat(out.size() % 64).as("header padded so data is 64-byte aligned").isEqualTo(24 % 64);
        Tensor back = Npy.read(new ByteArrayInputStream(out.toByteArray()), "mem");
        assertThat(back).isEqualTo(sample());
    }

    /** A hand-built big-endian, Fortran-order int16 file: values must come back row-major. */
    @Test
    void npyFortranOrderBigEndian() throws Exception {
        String dict = "{'descr': '>i2', 'fortran_order': True, 'shape': (2, 3), }";
        String header = dict + " ".repeat((64 - (10 + dict.length() + 1) % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 12).order(ByteOrder.BIG_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.order(ByteOrder.LITTLE_ENDIAN).putShort((short) header.length()).order(ByteOrder.BIG_ENDIAN);
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        // matrix [[1,2,3],[4,5,6]] stored column-major: 1 4 2 5 3 6
        for (short v : new short[] {1, 4, 2, 5, 3, -6}) {
            b.putShort(v);
        }
        Tensor t = Npy.read(new ByteArrayInputStream(b.array()), "fortran.npy");
        assertThat(t.shape()).containsExactly(2, 3);
        assertThat(t.data()).containsExactly(1, 2, 3, 4, 5, -6);
    }

    @Test
    void npyErrorsNameTheFile() {
        assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream("hello".getBytes()), "x.npy"))
                .hasMessageContaining("x.npy").hasMessageContaining("not a .npy");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> {
            Npy.write(sample(), out);
            byte[] cut = java.util.Arrays.copyOf(out.toByteArray(), out.size() - 4);
            Npy.read(new ByteArrayInputStream(cut), "cut.npy");
        }).hasMessageContaining("cut.npy").hasMessageContaining("bytes follow");
    }

    @Test
    void npzAndSafetensorsRoundTrip() throws Exception {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("conv.weight", sample());
        m.put("bias", new Tensor(new long[] {1}, new float[] {42}));
        Npz.write(m, dir.resolve("w.npz"));
        assertThat(Npz.read(dir.resolve("w.npz"))).isEqualTo(m);
        SafeTensors.write(m, Map.of("format", "pt"), dir.resolve("w.safetensors"));
        Map<String, Tensor> back = SafeTensors.read(dir.resolve("w.safetensors"));
        assertThat(back).isEqualTo(m);
        assertThat(back.keySet()).containsExactly("conv.weight", "bias");
    }

    @Test
    void safetensorsStreamsTensorsLargerThanAChunkAndReadsItsHeaderAlone() throws Exception {
        float[] big = new float[50_000]; // three chunks of 64 KiB and part of a fourth
        for (int i = 0; i < big.length; i++) {
            big[i] = (float) Math.sin(i) * i;
        }
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("big", new Tensor(new long[] {8, 25, 250}, big));
        m.put("one", new Tensor(new long[] {1}, new float[] {-3.5f}));
        Path f = dir.resolve("big.safetensors");
        SafeTensors.write(m, Map.of("prism_state", "{\"a\":1}"), f);
        assertThat(SafeTensors.read(f)).isEqualTo(m);
        assertThat(SafeTensors.metadata(f)).containsExactly(Map.entry("prism_state", "{\"a\":1}"));
        assertThat(SafeTensors.dtypes(f)).containsExactly(Map.entry("big", "F32"), Map.entry("one", "F32"));
    }

    @Test
    void aLazyTensorThatGivesTheWrongNumberOfBytesFailsTheWriteAndKeepsThePreviousFile() throws Exception {
        Path f = dir.resolve("w.safetensors");
        Map<String, Tensor> good = Map.of("a", new Tensor(new long[] {2}, new float[] {1, 2}));
        SafeTensors.write(good, Map.of(), f);
        LazyTensor shortOne = new LazyTensor(new long[] {3}, sink -> sink.accept(ByteBuffer.allocate(8)));
        assertThatThrownBy(() -> SafeTensors.writeLazily(Map.of("a", shortOne), Map.of(), f))
                .hasMessageContaining("'a'").hasMessageContaining("gave 8 bytes, not 12");
        assertThat(SafeTensors.read(f)).isEqualTo(good);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("w.safetensors");
        }
    }

    @Test
    void safetensorsRejectsInconsistentOffsets() throws Exception {
        String json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,8]}}";
        ByteBuffer b = ByteBuffer.allocate(8 + json.length() + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length()).put(json.getBytes(StandardCharsets.UTF_8)).putLong(0);
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, b.array());
        assertThatThrownBy(() -> SafeTensors.read(f)).hasMessageContaining("bad.safetensors").hasMessageContaining("'a'");
    }

    @Test
    void halfPrecisionConversions() {
        assertThat(HalfFloats.fromHalf((short) 0x3c00)).isEqualTo(1f);
        assertThat(HalfFloats.fromHalf((short) 0xc000)).isEqualTo(-2f);
        assertThat(HalfFloats.fromHalf((short) 0x0001)).isEqualTo(0x1.0p-24f);
        assertThat(HalfFloats.fromBfloat16((short) 0x3fc0)).isEqualTo(1.5f);
    }
}
