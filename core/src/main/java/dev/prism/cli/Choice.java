package dev.prism.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * An option whose value is one constant of {@code E}, spelled as the constant's name in lower
 * case with '-' for '_' ({@code fields-kfold} for {@code FIELDS_KFOLD}), in any case. A wrong
 * value is refused with the choices listed; {@link Main} puts the option's name in front.
 */
final class Choice<E extends Enum<E>> implements ITypeConverter<E> {

    private final Class<E> type;

    private Choice(Class<E> type) {
        this.type = type;
    }

    /** The spelling of {@code value} on the command line. */
    static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public E convert(String value) {
        for (E e : type.getEnumConstants()) {
            if (label(e).equalsIgnoreCase(value) || e.name().equalsIgnoreCase(value)) {
                return e;
            }
        }
        throw new TypeConversionException("must be " + choices(type) + ", got '" + value + "'");
    }

    /** "'a', 'b' or 'c'". */
    static String choices(Class<? extends Enum<?>> type) {
        String[] labels = Arrays.stream(type.getEnumConstants()).map(Choice::label).map(l -> "'" + l + "'").toArray(String[]::new);
        return labels.length == 1 ? labels[0]
                : Arrays.stream(labels, 0, labels.length - 1).collect(Collectors.joining(", ")) + " or " + labels[labels.length - 1];
    }

    /** Registers the conversion of each of {@code types} with {@code line} and its subcommands. */
    @SafeVarargs
    static void register(CommandLine line, Class<? extends Enum<?>>... types) {
        for (Class<? extends Enum<?>> t : types) {
            registerOne(line, t);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void registerOne(CommandLine line, Class<? extends Enum<?>> t) {
        line.registerConverter((Class) t, new Choice(t));
    }
}
