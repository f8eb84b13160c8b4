package dev.safemigrate.agent;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.OpenedClassReader;

import java.util.HashMap;
import java.util.Map;

/**
 * Applies an {@link Advice} to the methods a class file declares that match, bridge methods included.
 * ByteBuddy's own method matching folds a bridge method into the method it bridges to, so a covariant
 * {@code connect} (MariaDB Connector/J's returns {@code org.mariadb.jdbc.Connection}) would get the
 * advice on the covariant method only, where our wrapper cannot be returned, and never on the
 * {@code java.sql.Connection connect(…)} bridge that {@code DriverManager} calls.
 */
final class DeclaredMethodAdvice implements AsmVisitorWrapper {
    private final Advice advice;
    private final ElementMatcher<? super MethodDescription> matcher;

    DeclaredMethodAdvice(Advice advice, ElementMatcher<? super MethodDescription> matcher) {
        this.advice = advice;
        this.matcher = matcher;
    }

    @Override
    public int mergeWriter(int flags) {
        return flags;
    }

    @Override
    public int mergeReader(int flags) {
        return flags;
    }

    @Override
    public ClassVisitor wrap(TypeDescription instrumentedType, ClassVisitor classVisitor,
                             Implementation.Context implementationContext, TypePool typePool,
                             FieldList<FieldDescription.InDefinedShape> fields, MethodList<?> methods,
                             int writerFlags, int readerFlags) {
        Map<String, MethodDescription> advised = new HashMap<>();
        for (MethodDescription method : instrumentedType.getDeclaredMethods()) {
            if (matcher.matches(method)) {
                advised.put(method.getInternalName() + method.getDescriptor(), method);
            }
        }
        if (advised.isEmpty()) {
            return classVisitor;
        }
        return new ClassVisitor(OpenedClassReader.ASM_API, classVisitor) {
            @Override
            public MethodVisitor visitMethod(int modifiers, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor visitor = super.visitMethod(modifiers, name, descriptor, signature, exceptions);
                MethodDescription method = advised.get(name + descriptor);
                return visitor == null || method == null ? visitor
                        : advice.wrap(instrumentedType, method, visitor, implementationContext, typePool, writerFlags,
                                readerFlags);
            }
        };
    }
}
