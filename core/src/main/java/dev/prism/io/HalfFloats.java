package dev.prism.io;

/** IEEE half precision and bfloat16 to float32 (Java 17 has neither built in). */
public final class HalfFloats {

    private HalfFloats() {}

    /** The float32 value of IEEE half-precision bits {@code h} (exact, subnormals and infinities included). */
    public static float fromHalf(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0) {
            float v = mant * 0x1.0p-24f;
            return sign == 0 ? v : -v;
        }
        if (exp == 31) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** The float32 value of bfloat16 bits {@code b} (exact). */
    public static float fromBfloat16(short b) {
        return Float.intBitsToFloat((b & 0xffff) << 16);
    }
}
