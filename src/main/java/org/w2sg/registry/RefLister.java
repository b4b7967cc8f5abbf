package org.w2sg.registry;

import java.io.IOException;
import java.util.List;

/** Lists the branch names of a Hub repository (the hub client implements it; tests give a fixed list). */
@FunctionalInterface
public interface RefLister {
    List<String> branches(String repo) throws IOException;
}
