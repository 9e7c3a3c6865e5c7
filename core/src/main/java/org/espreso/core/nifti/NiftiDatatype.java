package org.espreso.core.nifti;

/**
 * The NIfTI voxel datatypes this toolkit reads and writes. Complex, RGB, 64-bit integer and 128-bit float
 * types are refused by name (see {@link #describe(int)}).
 */
public enum NiftiDatatype {
    UINT8(2, 1, "uint8", 0, 255),
    INT8(256, 1, "int8", -128, 127),
    INT16(4, 2, "int16", Short.MIN_VALUE, Short.MAX_VALUE),
    UINT16(512, 2, "uint16", 0, 65535),
    INT32(8, 4, "int32", Integer.MIN_VALUE, Integer.MAX_VALUE),
    UINT32(768, 4, "uint32", 0, 4294967295L),
    FLOAT32(16, 4, "float32", Double.NaN, Double.NaN),
    FLOAT64(64, 8, "float64", Double.NaN, Double.NaN);

    private final int code;
    private final int bytes;
    private final String typeName;
    private final double min;
    private final double max;

    NiftiDatatype(int code, int bytes, String typeName, double min, double max) {
        this.code = code;
        this.bytes = bytes;
        this.typeName = typeName;
        this.min = min;
        this.max = max;
    }

    /** The NIfTI {@code datatype} code. */
    public int code() {
        return code;
    }

    /** Bytes per voxel ({@code bitpix / 8}). */
    public int bytes() {
        return bytes;
    }

    /** Bits per voxel, the value the {@code bitpix} field must hold. */
    public int bitpix() {
        return 8 * bytes;
    }

    /** Lower-case name as numpy spells it, e.g. {@code "int16"}. */
    public String typeName() {
        return typeName;
    }

    public boolean isInteger() {
        return this != FLOAT32 && this != FLOAT64;
    }

    /** Smallest storable value of an integer type (NaN for floating types). */
    public double minValue() {
        return min;
    }

    /** Largest storable value of an integer type (NaN for floating types). */
    public double maxValue() {
        return max;
    }

    /** The supported type with this code, or {@code null}. */
    public static NiftiDatatype fromCodeOrNull(int code) {
        for (NiftiDatatype t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    /**
     * The supported type with this code.
     *
     * @throws IllegalArgumentException for other codes, with a message such as
     *     {@code "datatype 32 (complex64) is not supported"}
     */
    public static NiftiDatatype fromCode(int code) {
        NiftiDatatype t = fromCodeOrNull(code);
        if (t == null) {
            throw new IllegalArgumentException(unsupportedMessage(code));
        }
        return t;
    }

    /** Parses a name such as {@code "int16"} or {@code "FLOAT32"} (case-insensitive). */
    public static NiftiDatatype fromName(String name) {
        for (NiftiDatatype t : values()) {
            if (t.typeName.equalsIgnoreCase(name) || t.name().equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown datatype '" + name + "'; use one of uint8, int8, int16, uint16, "
                + "int32, uint32, float32, float64");
    }

    static String unsupportedMessage(int code) {
        return "datatype " + code + " (" + describe(code) + ") is not supported; supported: uint8, int8, int16, "
                + "uint16, int32, uint32, float32, float64";
    }

    /** A name for any NIfTI datatype code, supported or not. */
    public static String describe(int code) {
        NiftiDatatype t = fromCodeOrNull(code);
        if (t != null) {
            return t.typeName;
        }
        return switch (code) {
            case 0 -> "unknown";
            case 1 -> "binary";
            case 32 -> "complex64";
            case 128 -> "rgb24";
            case 255 -> "all";
            case 1024 -> "int64";
            case 1280 -> "uint64";
            case 1536 -> "float128";
            case 1792 -> "complex128";
            case 2048 -> "complex256";
            case 2304 -> "rgba32";
            default -> "not a NIfTI datatype";
        };
    }

    @Override
    public String toString() {
        return typeName;
    }
}
