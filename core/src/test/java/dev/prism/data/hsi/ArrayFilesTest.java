package dev.prism.data.hsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.io.Npy;
import dev.prism.io.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatlabType;
import us.hebi.matlab.mat.types.Matrix;

/** Every reader on small files written in the real formats; value (r, c, b) = 100 r + 10 c + b. */
class ArrayFilesTest {

    @TempDir
    Path dir;

    private static final int R = 3;
    private static final int C = 4;
    private static final int B = 5;

    private static float v(int r, int c, int b) {
        return 100 * r + 10 * c + b;
    }

    private static void assertCube(Tensor t) {
        assertThat(t.shape()).containsExactly(R, C, B);
        for (int r = 0; r < R; r++) {
            for (int c = 0; c < C; c++) {
                for (int b = 0; b < B; b++) {
                    assertThat(t.data()[(r * C + c) * B + b]).as("(%d,%d,%d)", r, c, b).isEqualTo(v(r, c, b));
                }
            }
        }
    }

    @Test
    void mat5IntegerAndFloatClasses() throws Exception {
        for (MatlabType type : new MatlabType[] {MatlabType.UInt8, MatlabType.Int16, MatlabType.UInt16, MatlabType.Single, MatlabType.Double}) {
            Matrix m = Mat5.newMatrix(new int[] {R, C, B}, type);
            for (int r = 0; r < R; r++) {
                for (int c = 0; c < C; c++) {
                    for (int b = 0; b < B; b++) {
                        m.setDouble(new int[] {r, c, b}, v(r, c, b));
                    }
                }
            }
            Path f = dir.resolve("x-" + type + ".mat");
            Mat5.writeToFile(Mat5.newMatFile().addArray("cube", m).addArray("other", Mat5.newMatrix(1, 1)), f.toFile());
            assertCube(ArrayFiles.read(f, "cube"));
        }
    }

    @Test
    void mat5MissingVariableListsThePresentOnes() throws Exception {
        Path f = dir.resolve("x.mat");
        Mat5.writeToFile(Mat5.newMatFile().addArray("data_M", Mat5.newMatrix(2, 2)).addArray("labels", Mat5.newMatrix(2, 2)), f.toFile());
        assertThatThrownBy(() -> ArrayFiles.read(f, "indian_pines_corrected"))
                .hasMessageContaining("x.mat").hasMessageContaining("no variable 'indian_pines_corrected'")
                .hasMessageContaining("data_M").hasMessageContaining("labels");
    }

    /** v7.3 is HDF5 holding MATLAB's column-major array, i.e. the transposed dims (bands, cols, rows). */
    @Test
    void mat73Hdf5() throws Exception {
        double[][][] hdf = new double[B][C][R];
        for (int r = 0; r < R; r++) {
            for (int c = 0; c < C; c++) {
                for (int b = 0; b < B; b++) {
                    hdf[b][c][r] = v(r, c, b);
                }
            }
        }
        Path f = dir.resolve("v73.mat");
        try (WritableHdfFile w = HdfFile.write(f)) {
            w.putDataset("cube", hdf);
        }
        assertCube(ArrayFiles.read(f, "cube"));
        assertThatThrownBy(() -> ArrayFiles.read(f, "gt")).hasMessageContaining("no variable 'gt'").hasMessageContaining("cube");
    }

    @Test
    void npy() throws Exception {
        float[] data = new float[R * C * B];
        for (int r = 0; r < R; r++) {
            for (int c = 0; c < C; c++) {
                for (int b = 0; b < B; b++) {
                    data[(r * C + c) * B + b] = v(r, c, b);
                }
            }
        }
        Path f = dir.resolve("cube.npy");
        try (OutputStream out = Files.newOutputStream(f)) {
            Npy.write(new Tensor(new long[] {R, C, B}, data), out);
        }
        assertCube(ArrayFiles.read(f, null));
    }

    private Path envi(String interleave, int type, int byteOrder, int offset) throws Exception {
        int width = type == 1 ? 1 : type == 2 || type == 12 ? 2 : type == 5 ? 8 : 4;
        ByteBuffer buf = ByteBuffer.allocate(offset + R * C * B * width)
                .order(byteOrder == 1 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        buf.position(offset);
        int[] outer = interleave.equals("bsq") ? new int[] {B, R, C} : interleave.equals("bil") ? new int[] {R, B, C} : new int[] {R, C, B};
        for (int i = 0; i < outer[0]; i++) {
            for (int j = 0; j < outer[1]; j++) {
                for (int k = 0; k < outer[2]; k++) {
                    int r;
                    int c;
                    int b;
                    switch (interleave) {
                        case "bsq" -> { b = i; r = j; c = k; }
                        case "bil" -> { r = i; b = j; c = k; }
                        default -> { r = i; c = j; b = k; }
                    }
                    float val = v(r, c, b);
                    switch (type) {
                        case 2, 12 -> buf.putShort((short) val);
                        case 3 -> buf.putInt((int) val);
                        case 4 -> buf.putFloat(val);
                        case 5 -> buf.putDouble(val);
                        default -> buf.put((byte) val);
                    }
                }
            }
        }
        Path data = dir.resolve("scene-" + interleave + type + ".img");
        Files.write(data, buf.array());
        Path hdr = dir.resolve("scene-" + interleave + type + ".hdr");
        Files.writeString(hdr, "ENVI\ndescription = {test\n scene}\nsamples = " + C + "\nlines = " + R + "\nbands = " + B
                + "\nheader offset = " + offset + "\nfile type = ENVI Standard\ndata type = " + type
                + "\ninterleave = " + interleave + "\nbyte order = " + byteOrder + "\n");
        return hdr;
    }

    @Test
    void enviInterleavesTypesAndByteOrders() throws Exception {
        assertCube(ArrayFiles.read(envi("bsq", 4, 0, 0), null));
        assertCube(ArrayFiles.read(envi("bil", 12, 1, 16), null));
        assertCube(ArrayFiles.read(envi("bip", 2, 0, 0), null));
        assertCube(ArrayFiles.read(envi("bsq", 5, 1, 0), null));
        assertCube(ArrayFiles.read(envi("bip", 3, 0, 8), null));
    }

    @Test
    void enviHeaderDisagreeingWithFileSizeIsNamed() throws Exception {
        Path hdr = envi("bsq", 4, 0, 0);
        Path data = dir.resolve("scene-bsq4.img");
        byte[] bytes = Files.readAllBytes(data);
        Files.write(data, java.util.Arrays.copyOf(bytes, bytes.length - 4));
        assertThatThrownBy(() -> ArrayFiles.read(hdr, null)).hasMessageContaining("scene-bsq4.hdr")
                .hasMessageContaining("3 lines x 4 samples x 5 bands").hasMessageContaining("but");
    }
}
