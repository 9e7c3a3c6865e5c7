package org.espreso.cohort;

import java.util.List;
import java.util.Locale;

/**
 * Which scans of a dataset to process, as BIDS Apps select them.
 *
 * @param participants subject labels without {@code sub-} (empty: all)
 * @param sessions     session labels without {@code ses-} (empty: all)
 * @param suffixes     anatomical suffixes to take (never empty)
 */
public record Selection(List<String> participants, List<String> sessions, List<String> suffixes) {
    /** The anatomical suffixes taken when none are given: the structural contrasts clinical scans come in. */
    public static final List<String> DEFAULT_SUFFIXES = List.of("T1w", "T2w", "FLAIR", "PDw", "T2starw");

    public Selection {
        participants = participants.stream().map(l -> strip(l, "sub-")).distinct().toList();
        sessions = sessions.stream().map(l -> strip(l, "ses-")).distinct().toList();
        suffixes = suffixes.isEmpty() ? DEFAULT_SUFFIXES : List.copyOf(suffixes);
        for (String l : participants) {
            checkLabel(l, "participant");
        }
        for (String l : sessions) {
            checkLabel(l, "session");
        }
    }

    public static Selection all() {
        return new Selection(List.of(), List.of(), List.of());
    }

    public Selection withParticipants(List<String> labels) {
        return new Selection(labels, sessions, suffixes);
    }

    private static String strip(String label, String prefix) {
        return label.toLowerCase(Locale.ROOT).startsWith(prefix) ? label.substring(prefix.length()) : label;
    }

    private static void checkLabel(String l, String what) {
        if (!l.matches("[A-Za-z0-9]+")) {
            throw new IllegalArgumentException("'" + l + "' is not a BIDS " + what + " label (letters and digits only)");
        }
    }
}
