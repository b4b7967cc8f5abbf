package org.w2sg.theory;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.w2sg.errors.UserException;

/**
 * Which weak supervisor's rows {@code report} reads: a run swept with several ({@code --weak A,B}) has one curve per
 * supervisor, and the theory is compared with one of them at a time, never a mix.
 */
final class WeakSupervisorChoice {
    private WeakSupervisorChoice() {}

    /** The supervisor to read (null: the table names none); refuses a choice the table lacks or a missing one. */
    static String of(Path emergenceCsv, String asked) throws IOException {
        TreeSet<String> present = new TreeSet<>();
        if (Files.isRegularFile(emergenceCsv)) {
            try (Reader r = Files.newBufferedReader(emergenceCsv); CSVParser p = CSVParser.parse(r, TidyRows.FORMAT)) {
                if (p.getHeaderMap().containsKey("weak")) {
                    for (CSVRecord rec : p) if (!rec.get("weak").isEmpty()) present.add(rec.get("weak"));
                }
            }
        }
        if (asked != null) {
            if (!present.contains(asked)) {
                throw new UserException("--weak " + asked + ": " + emergenceCsv + " has no rows of that supervisor "
                        + (present.isEmpty() ? "(it names none)" : "(it has " + String.join(", ", present) + ")"));
            }
            return asked;
        }
        if (present.size() > 1) {
            throw new UserException(emergenceCsv + " holds " + present.size() + " weak supervisors ("
                    + String.join(", ", present) + "): report compares one curve with the theory at a time; "
                    + "give --weak with one of them");
        }
        return present.isEmpty() ? null : present.first();
    }
}
