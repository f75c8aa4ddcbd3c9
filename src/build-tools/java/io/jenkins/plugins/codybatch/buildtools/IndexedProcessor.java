package io.jenkins.plugins.codybatch.buildtools;

import java.io.IOException;
import java.io.Writer;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;
import org.jvnet.hudson.annotation_indexer.Indexed;

/**
 * Writes the index that annotation-indexer's processor writes (annotation-indexer is not on Maven Central):
 * for each annotation meta-annotated with {@link Indexed}, {@code META-INF/services/annotations/<annotation>}
 * lists the binary names of the annotated classes, one a line, sorted. Jenkins' structs plugin reads it to
 * find a class by its {@code @Symbol}. Build-time only; never shipped.
 */
@SupportedAnnotationTypes("*")
public final class IndexedProcessor extends AbstractProcessor {

    private final Map<String, Set<String>> indexes = new TreeMap<>();

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        if (round.processingOver()) {
            write();
            return false;
        }
        for (TypeElement annotation : annotations) {
            if (annotation.getAnnotation(Indexed.class) == null) {
                continue;
            }
            Set<String> names = indexes.computeIfAbsent(annotation.getQualifiedName().toString(), k -> new TreeSet<>());
            for (Element element : round.getElementsAnnotatedWith(annotation)) {
                names.add(indexedName(element));
            }
        }
        return false;
    }

    /** Classes by binary name; members by their enclosing class; packages as {@code pkg.*}. */
    private String indexedName(Element element) {
        if (element instanceof PackageElement pkg) {
            return pkg.getQualifiedName() + ".*";
        }
        Element type = element;
        while (!(type instanceof TypeElement)) {
            type = type.getEnclosingElement();
        }
        return processingEnv.getElementUtils().getBinaryName((TypeElement) type).toString();
    }

    private void write() {
        for (Map.Entry<String, Set<String>> index : indexes.entrySet()) {
            String resource = "META-INF/services/annotations/" + index.getKey();
            try {
                FileObject file = processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "", resource);
                try (Writer out = file.openWriter()) {
                    for (String name : index.getValue()) {
                        out.write(name);
                        out.write('\n');
                    }
                }
            } catch (IOException e) {
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "Cannot write " + resource + ": " + e);
            }
        }
    }
}
