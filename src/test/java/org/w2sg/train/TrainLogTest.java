package org.w2sg.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainLogTest {
    /** A run begun before rss_mib existed and extended now: its old rows get an empty cell, the file stays rectangular. */
    @Test
    void aLogWithoutTheResidentSetColumnIsExtendedRectangular(@TempDir Path run) throws Exception {
        Files.writeString(run.resolve("train_log.csv"), """
                step,tokens,loss,val_loss,lr,grad_norm,tokens_per_s
                1,128,10.800000,,1.00000e-05,1.20000,900.0
                2,256,10.700000,10.750000,2.00000e-05,1.10000,910.0
                3,384,10.600000,,3.00000e-05,1.00000,905.0
                """);
        TrainLog log = new TrainLog(run, 2);
        log.add(new TrainLog.Row(3, 384, 10.5, Double.NaN, 3e-5, 1.0, 950.0, 812));
        log.write();
        assertEquals(List.of(TrainLog.HEADER,
                "1,128,10.800000,,1.00000e-05,1.20000,900.0,",
                "2,256,10.700000,10.750000,2.00000e-05,1.10000,910.0,",
                "3,384,10.500000,,3.00000e-05,1.00000,950.0,812"), Files.readAllLines(run.resolve("train_log.csv")));
    }
}
