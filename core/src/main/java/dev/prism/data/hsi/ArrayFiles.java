package dev.prism.data.hsi;

import dev.prism.io.ArrayOrder;
import dev.prism.io.Npy;
import dev.prism.io.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;

/**
 * Reads one numeric array from the files hyperspectral scenes come in, as a row-major float32
 * {@link Tensor} whose dimensions are MATLAB's (rows, columns[, bands]):
 *
 * <ul>
 *   <li>MATLAB {@code .mat} v5/v6/v7 (mfl-core; integer and floating classes, compressed or not;
 *       column-major data reordered);
 *   <li>MATLAB {@code .mat} v7.3 (HDF5, jhdf; HDF5 stores MATLAB's array transposed, which is
 *       undone here);
 *   <li>NumPy {@code .npy} (taken as (rows, cols[, bands]));
 *   <li>ENVI {@code .hdr} + raw data ({@link EnviReader}).
 * </ul>
 */
public final class ArrayFiles {

    private ArrayFiles() {}

    /** Reads {@code key} from {@code file} (key ignored for .npy and ENVI; null = the file's only variable). */
    public static Tensor read(Path file, String key) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + " is a folder, not a file: give the array file itself (.mat, .npy or ENVI .hdr)");
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException("file not found: " + file);
        }
        if (Files.size(file) == 0) {
            throw new IOException(file + " is empty (0 bytes)");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npy")) {
            try (InputStream in = Files.newInputStream(file)) {
                return Npy.read(in, file.toString());
            }
        }
        if (name.endsWith(".mat")) {
            return isHdf5(file) ? readMat73(file, key) : readMat5(file, key);
        }
        if (name.endsWith(".hdr") || Files.isRegularFile(EnviReader.headerFor(file))) {
            return EnviReader.read(file);
        }
        throw new IOException(file + ": unknown format (expected .mat, .npy, or ENVI .hdr with its data file)");
    }

    static boolean isHdf5(Path file) throws IOException {
        byte[] head = new byte[520];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, head.length);
            String text = new String(head, 0, Math.min(n, 116), StandardCharsets.ISO_8859_1);
            return text.startsWith("MATLAB 7.3") || (n >= 8 && head[1] == 'H' && head[2] == 'D' && head[3] == 'F')
                    || (n >= 520 && head[513] == 'H' && head[514] == 'D' && head[515] == 'F');
        }
    }

    static Tensor readMat5(Path file, String key) throws IOException {
        Mat5File mat;
        try {
            mat = Mat5.readFromFile(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": not a readable MATLAB v5 file (" + (endsEarly(e)
                    ? "it ends too early: truncated?" : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()) + ")", e);
        }
        try (mat) {
            List<String> names = new ArrayList<>();
            for (MatFile.Entry e : mat.getEntries()) {
                names.add(e.getName());
            }
            if (key == null && names.size() == 1) {
                key = names.get(0);
            }
            if (key == null || !names.contains(key)) {
                throw new IOException(file + ": no variable '" + key + "'; variables present: " + String.join(", ", names));
            }
            Array array = mat.getArray(key);
            if (!(array instanceof Matrix m)) {
                throw new IOException(file + ": variable '" + key + "' is a " + array.getType() + ", not a numeric matrix");
            }
            int[] dims = m.getDimensions();
            long[] shape = new long[dims.length];
            for (int i = 0; i < dims.length; i++) {
                shape[i] = dims[i];
            }
            float[] colMajor = new float[m.getNumElements()];
            for (int i = 0; i < colMajor.length; i++) {
                colMajor[i] = (float) m.getDouble(i);
            }
            return new Tensor(shape, ArrayOrder.fortranToC(colMajor, shape));
        }
    }

    private static boolean endsEarly(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.EOFException || t instanceof java.nio.BufferUnderflowException
                    || String.valueOf(t.getMessage()).contains("EOFException")) {
                return true;
            }
        }
        return false;
    }

    static Tensor readMat73(Path file, String key) throws IOException {
        try (HdfFile hdf = new HdfFile(file)) {
            if (key == null && hdf.getChildren().size() == 1) {
                key = hdf.getChildren().keySet().iterator().next();
            }
            Node node = key == null ? null : hdf.getChildren().get(key);
            if (!(node instanceof Dataset ds)) {
                throw new IOException(file + ": no variable '" + key + "'; variables present: " + String.join(", ", hdf.getChildren().keySet()));
            }
            int[] hdfDims = ds.getDimensions();
            long[] shape = new long[hdfDims.length];
            for (int i = 0; i < hdfDims.length; i++) {
                shape[i] = hdfDims[hdfDims.length - 1 - i];
            }
            float[] flat = toFloats(ds.getDataFlat(), file, key);
            return new Tensor(shape, ArrayOrder.fortranToC(flat, shape));
        } catch (RuntimeException e) {
            throw new IOException(file + ": cannot read '" + key + "' as MATLAB v7.3 (HDF5): " + e.getMessage(), e);
        }
    }

    static float[] toFloats(Object flat, Path file, String key) throws IOException {
        if (flat instanceof float[] f) {
            return f;
        }
        float[] out;
        if (flat instanceof double[] d) {
            out = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                out[i] = (float) d[i];
            }
        } else if (flat instanceof byte[] b) {
            out = new float[b.length];
            for (int i = 0; i < b.length; i++) {
                out[i] = Byte.toUnsignedInt(b[i]);
            }
        } else if (flat instanceof short[] s) {
            out = new float[s.length];
            for (int i = 0; i < s.length; i++) {
                out[i] = s[i];
            }
        } else if (flat instanceof int[] v) {
            out = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                out[i] = v[i];
            }
        } else if (flat instanceof long[] v) {
            out = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                out[i] = v[i];
            }
        } else {
            throw new IOException(file + ": variable '" + key + "' has unsupported element type "
                    + (flat == null ? "null" : flat.getClass().getSimpleName()));
        }
        return out;
    }
}
