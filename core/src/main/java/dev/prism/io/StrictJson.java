package dev.prism.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;

/**
 * JSON that every strict parser accepts (RFC 8259, Python's {@code json} with {@code parse_constant}
 * checks, JavaScript's {@code JSON.parse}): a value that is not a finite number (an undefined
 * metric, such as the validation loss of a run without validation) is written as {@code null} and
 * read back as NaN. Null fields are written as {@code null}, not left out.
 */
public final class StrictJson {

    /** Pretty-printed, for files people read. */
    public static final Gson PRETTY = builder().setPrettyPrinting().create();

    /** One line per value, for {@code .jsonl} files. */
    public static final Gson COMPACT = builder().create();

    private StrictJson() {}

    /** A builder with the non-finite-as-null rule, for callers that add their own settings. */
    public static GsonBuilder builder() {
        TypeAdapter<Double> primitive = new NullAsNaN(true);
        TypeAdapter<Double> boxed = new NullAsNaN(false);
        return new GsonBuilder().disableHtmlEscaping().serializeNulls()
                .registerTypeAdapter(double.class, primitive)
                .registerTypeAdapter(Double.class, boxed)
                .registerTypeAdapter(float.class, new FloatNullAsNaN())
                .registerTypeAdapter(Float.class, new FloatNullAsNaN())
                // a path is its text (Gson cannot look into the JDK's path classes)
                .registerTypeHierarchyAdapter(java.nio.file.Path.class, new com.google.gson.TypeAdapter<java.nio.file.Path>() {
                    @Override
                    public void write(com.google.gson.stream.JsonWriter out, java.nio.file.Path p) throws java.io.IOException {
                        if (p == null) {
                            out.nullValue();
                        } else {
                            out.value(p.toString());
                        }
                    }

                    @Override
                    public java.nio.file.Path read(com.google.gson.stream.JsonReader in) throws java.io.IOException {
                        if (in.peek() == com.google.gson.stream.JsonToken.NULL) {
                            in.nextNull();
                            return null;
                        }
                        return java.nio.file.Path.of(in.nextString());
                    }
                }.nullSafe());
    }

    /** {@code e} as a double: NaN when it is missing or {@code null}. */
    public static double number(JsonElement e) {
        return e == null || e.isJsonNull() ? Double.NaN : e.getAsDouble();
    }

    private static final class NullAsNaN extends TypeAdapter<Double> {
        private final boolean primitive;

        NullAsNaN(boolean primitive) {
            this.primitive = primitive;
        }

        @Override
        public void write(JsonWriter out, Double v) throws IOException {
            if (v == null || !Double.isFinite(v)) {
                out.nullValue();
            } else {
                out.value(v.doubleValue());
            }
        }

        @Override
        public Double read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return primitive ? Double.NaN : null;
            }
            return in.nextDouble();
        }
    }

    private static final class FloatNullAsNaN extends TypeAdapter<Float> {
        @Override
        public void write(JsonWriter out, Float v) throws IOException {
            if (v == null || !Float.isFinite(v)) {
                out.nullValue();
            } else {
                out.value(v);
            }
        }

        @Override
        public Float read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return Float.NaN;
            }
            return (float) in.nextDouble();
        }
    }
}
